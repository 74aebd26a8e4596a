using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// The kind of blocking call at the end of a chain, named after the rule that reports it in async code. Travels to
/// the code fixes in the diagnostic's properties (<see cref="BlockingCalls.KindProperty"/>).
/// </summary>
internal enum BlockingCallKind
{
    /// <summary>A synchronous wait on a task: <c>.Result</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c> (ADV2001).</summary>
    TaskWait,

    /// <summary>A synchronous API with an async twin: <c>File.ReadAllText</c> (ADV2002).</summary>
    AsyncTwin,

    /// <summary>A blocking API without an async counterpart, from the catalogue or <c>[Blocking]</c> (ADV2003).</summary>
    Catalogue,
}

/// <summary>What one call blocks on, as found by <see cref="BlockingCalls.Find"/>.</summary>
internal readonly struct BlockingCall
{
    public BlockingCall(BlockingCallKind kind, string description, IOperation operation)
    {
        Kind = kind;
        Description = description;
        Operation = operation;
    }

    public BlockingCallKind Kind { get; }

    /// <summary>Short display name: <c>File.ReadAllText</c>, <c>Task.Result</c>.</summary>
    public string Description { get; }

    public IOperation Operation { get; }
}

/// <summary>
/// Recognises, one operation at a time, every call that blocks the calling thread (the ADV2001, ADV2002 and ADV2003
/// kinds) and code that already runs off the request threads (inside <c>Offload</c>, <c>Task.Run</c> or
/// <c>TaskFactory.StartNew</c> delegates). Shared by ADV2003, ADV2004 and the blocking summary.
/// </summary>
internal sealed class BlockingCalls
{
    public const string KindProperty = "Kind";

    /// <summary>ADV2002's exclusion key: APIs a user excluded there are not counted as blocking through helpers either.</summary>
    private const string TwinExclusionsKey = "advisor.ADV2002.excluded_apis";

    private readonly AdvisorContext _advisor;
    private readonly AnalyzerOptions _options;
    private readonly AsyncTwins _twins;

    private BlockingCalls(AdvisorContext advisor, AnalyzerOptions options, BlockingCatalogue catalogue)
    {
        _advisor = advisor;
        _options = options;
        _twins = AsyncTwins.For(advisor);
        Catalogue = catalogue;
    }

    public BlockingCatalogue Catalogue { get; }

    public static BlockingCalls For(AdvisorContext advisor, AnalyzerOptions options, CancellationToken cancellationToken)
        => new(advisor, options, BlockingCatalogue.For(advisor, options, cancellationToken));

    /// <summary>The blocking call <paramref name="operation"/> makes, or null.</summary>
    public BlockingCall? Find(IOperation operation)
    {
        switch (operation)
        {
            case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } task } property
                when _advisor.IsTaskLike(property.Property.ContainingType) && property.Parent is not INameOfOperation:
                return TaskCompletion.IsProvablyComplete(task, property, _advisor) ? null : new BlockingCall(BlockingCallKind.TaskWait, "Task.Result", operation);

            case IInvocationOperation invocation:
                if (FindTaskWait(invocation) is { } wait)
                {
                    return wait;
                }

                break;

            case IObjectCreationOperation or IPropertyReferenceOperation:
                break;

            default:
                return null;
        }

        if (FindAsyncTwin(operation) is { } twin)
        {
            return twin;
        }

        if (Catalogue.Classify(operation) is not null)
        {
            return new BlockingCall(BlockingCallKind.Catalogue, BlockingCatalogue.Describe(MemberOf(operation)!), operation);
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="operation"/> sits inside a delegate handed to <c>Offload.*</c>, <c>Task.Run</c> or
    /// <c>TaskFactory.StartNew</c>: that work already runs off the request threads.
    /// </summary>
    public bool IsOffloaded(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation)
            {
                continue;
            }

            var parent = current.Parent;
            while (parent is IDelegateCreationOperation or IConversionOperation)
            {
                parent = parent.Parent;
            }

            if (parent is IArgumentOperation { Parent: IInvocationOperation invocation } && IsOffloadMethod(invocation.TargetMethod))
            {
                return true;
            }
        }

        return false;
    }

    public static ISymbol? MemberOf(IOperation operation)
        => operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };

    private bool IsOffloadMethod(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition;
        var symbols = _advisor.Symbols;
        return method.Name switch
        {
            "Blocking" or "Cpu" => Same(type, symbols.Offload),
            "Run" => Same(type, symbols.Task),
            "StartNew" => Same(type, symbols.TaskFactory) || Same(type, symbols.TaskFactoryOfT),
            _ => false,
        };

        static bool Same(ITypeSymbol? left, ITypeSymbol? right) => right is not null && SymbolEqualityComparer.Default.Equals(left, right);
    }

    private BlockingCall? FindTaskWait(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Wait" when invocation.Instance is { } task && _advisor.IsTaskLike(method.ContainingType):
                return BlockingCatalogue.HasZeroTimeout(invocation.Arguments) || TaskCompletion.IsProvablyComplete(task, invocation, _advisor)
                    ? null
                    : new BlockingCall(BlockingCallKind.TaskWait, "Task.Wait", invocation);
            case "GetResult" when invocation.Instance?.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitable }
                                  && _advisor.IsTaskLike(TaskCompletion.StripConfigureAwait(awaitable.WalkDownConversions()!, _advisor).Type):
                return TaskCompletion.IsProvablyComplete(awaitable, invocation, _advisor)
                    ? null
                    : new BlockingCall(BlockingCallKind.TaskWait, "GetAwaiter().GetResult", invocation);
            case "WaitAll" or "WaitAny" when invocation.Instance is null && SymbolEqualityComparer.Default.Equals(method.ContainingType, _advisor.Symbols.Task):
                return BlockingCatalogue.HasZeroTimeout(invocation.Arguments) ? null : new BlockingCall(BlockingCallKind.TaskWait, "Task." + method.Name, invocation);
            default:
                return null;
        }
    }

    // ADV2002's kind: a synchronous API whose library has an async twin, with ADV2002's context-free exclusions kept
    // conservative (in-memory receivers, console writers, XML readers and writers, Dispose/Close, zero timeouts, and
    // twins that need more than a rename, such as the LINQ-to-EF extensions, are not counted).
    private BlockingCall? FindAsyncTwin(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
            {
                var method = invocation.TargetMethod;
                if (method.Name is "Dispose" or "Close" or "Cancel"
                    || !_twins.TryGetTwin(method, out var twin)
                    || twin.Kind is AsyncTwinKind.Extension
                    || Timeouts.HasZeroTimeout(invocation)
                    || IsInMemoryOrConsole(invocation.Instance ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null))
                    || HasInMemoryArgument(invocation)
                    || IsExcludedFromTwins(operation, method))
                {
                    return null;
                }

                var display = method.IsExtensionMethod || method.ReducedFrom is not null || method.ContainingType is null
                    ? method.Name
                    : method.ContainingType.Name + "." + method.Name;
                return new BlockingCall(BlockingCallKind.AsyncTwin, display, operation);
            }

            case IPropertyReferenceOperation property
                when property.Parent is not INameOfOperation
                     && !(property.Parent is IAssignmentOperation assignment && assignment.Target == property)
                     && _twins.TryGetTwin(property.Property, out _)
                     && !IsInMemoryOrConsole(property.Instance)
                     && !IsExcludedFromTwins(operation, property.Property):
                return new BlockingCall(BlockingCallKind.AsyncTwin, (property.Property.ContainingType?.Name is { } type ? type + "." : string.Empty) + property.Property.Name, operation);

            default:
                return null;
        }
    }

    private bool IsExcludedFromTwins(IOperation operation, ISymbol member)
        => _advisor.Options.GetApiSet(_options, operation.Syntax.SyntaxTree, TwinExclusionsKey) is { IsEmpty: false } excluded
           && (excluded.Contains(member) || (operation.Type is { } type && excluded.Contains(type)));

    private bool IsInMemoryOrConsole(IOperation? value)
    {
        value = value.WalkDownConversions();
        if (value is null)
        {
            return false;
        }

        var symbols = _advisor.Symbols;
        if (value is IPropertyReferenceOperation { Instance: null, Property.Name: "Out" or "Error" or "In" } console
            && SymbolEqualityComparer.Default.Equals(console.Property.ContainingType, symbols.Console))
        {
            return true;
        }

        var type = value.Type;
        return DerivesFrom(type, symbols.MemoryStream) || DerivesFrom(type, symbols.UnmanagedMemoryStream)
               || DerivesFrom(type, symbols.StringReader) || DerivesFrom(type, symbols.StringWriter)
               || DerivesFrom(type, symbols.XmlReader) || DerivesFrom(type, symbols.XmlWriter);
    }

    private bool HasInMemoryArgument(IInvocationOperation invocation)
    {
        if (invocation.Instance is not null)
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if ((DerivesFrom(argument.Parameter?.Type, _advisor.Symbols.Stream) || argument.Parameter?.Type.Name is "TextReader" or "TextWriter")
                && IsInMemoryOrConsole(argument.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
