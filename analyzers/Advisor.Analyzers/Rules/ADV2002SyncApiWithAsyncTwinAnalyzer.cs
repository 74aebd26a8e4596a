using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Rules;

/// <summary>
/// ADV2002: a synchronous call (or property read) that has an async counterpart, inside an async context.
/// Counterparts are found by signature (<see cref="AsyncTwins"/>), not from a fixed list.
/// <para>Deliberately not reported, because the synchronous call does not block a thread on I/O or because the
/// "fix" would be wrong:</para>
/// <list type="bullet">
/// <item>synchronous functions, including synchronous lambdas and local functions inside async methods;</item>
/// <item>code inside a lambda handed to <c>Offload.*</c>, <c>Task.Run</c> or <c>TaskFactory.StartNew</c>: it was moved off the caller on purpose;</item>
/// <item>in-memory receivers or stream arguments (<c>MemoryStream</c>, <c>UnmanagedMemoryStream</c>, <c>StringReader</c>, <c>StringWriter</c>);</item>
/// <item>the implementation of the twin itself: inside <c>ReadAsync</c>, a call to <c>this.Read</c>/<c>base.Read</c>
/// (awaiting <c>ReadAsync</c> there would recurse); a call to <c>_inner.Read</c> on another object is reported;</item>
/// <item><c>Dispose</c> and <c>Close</c> (<c>using</c> of an <c>IAsyncDisposable</c> is a matter of taste, and not an I/O wait in most types),
/// <c>CancellationTokenSource.Cancel</c>, EF Core's <c>Add</c>/<c>AddRange</c> (EF documents the async ones as only for special value generators),
/// <c>XmlReader</c>/<c>XmlWriter</c> (their async methods throw unless the reader was created async), <c>Console.Out</c>/<c>Error</c>/<c>In</c>;</item>
/// <item>zero timeouts (<c>gate.Wait(0)</c>, <c>Thread.Sleep(0)</c>): a non-blocking probe;</item>
/// <item>LINQ operators (<c>ToList</c>, <c>First</c>, <c>Count</c>, ...) unless the query provably comes from EF Core
/// (a <c>DbSet</c>, an EF operator, or a local initialised from one); in-memory <c>IEnumerable</c> LINQ never;</item>
/// <item>APIs listed in <c>advisor.ADV2002.excluded_apis</c>.</item>
/// </list>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SyncApiWithAsyncTwinAnalyzer : AdvisorAnalyzer
{
    /// <summary>Comma-separated documentation-comment IDs (<c>M:...</c>, <c>T:...</c>, <c>N:...</c>) or dotted type/member names.</summary>
    internal const string ExcludedApisKey = "advisor.ADV2002.excluded_apis";

    private const int MaxQueryDepth = 16;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ADV2002_SyncApiWithAsyncTwin);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        var twins = AsyncTwins.For(advisor);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, advisor, twins), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzePropertyReference(c, advisor, twins), OperationKind.PropertyReference);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, AdvisorContext advisor, AsyncTwins twins)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!twins.TryGetTwin(method, out var twin) || IsBuiltInExclusion(method, invocation.Instance, advisor))
        {
            return;
        }

        var receiver = invocation.Instance ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        if (Timeouts.HasZeroTimeout(invocation)
            || IsInMemory(receiver, advisor)
            || HasInMemoryStreamArgument(invocation, advisor)
            || (twin.Kind == AsyncTwinKind.Extension && IsLinqOperator(method, advisor) && !IsEntityFrameworkQuery(receiver, advisor, 0)))
        {
            return;
        }

        Report(context, advisor, invocation, receiver, method, twin, Display(method));
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context, AdvisorContext advisor, AsyncTwins twins)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        var property = reference.Property;
        if (!twins.TryGetTwin(property, out var twin)
            || reference.Parent is INameOfOperation
            || (reference.Parent is IAssignmentOperation assignment && assignment.Target == reference)
            || IsInMemory(reference.Instance, advisor))
        {
            return;
        }

        Report(context, advisor, reference, reference.Instance, property, twin, (property.ContainingType?.Name is { } type ? type + "." : string.Empty) + property.Name);
    }

    private static void Report(OperationAnalysisContext context, AdvisorContext advisor, IOperation operation, IOperation? receiver, ISymbol member, AsyncTwin twin, string display)
    {
        var function = FunctionContext.GetEnclosingFunction(operation, context.ContainingSymbol);
        if (!advisor.IsAsyncContext(function)
            || IsOffloaded(operation, advisor)
            || ImplementsTwin(context.ContainingSymbol, receiver, member, twin)
            || !IsAccessible(context, twin.Method, receiver)
            || IsExcluded(context, advisor, operation, member, receiver))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ADV2002_SyncApiWithAsyncTwin,
            operation.Syntax.GetLocation(),
            AsyncTwins.ToProperties(twin),
            display,
            twin.DisplayName));
    }

    private static string Display(IMethodSymbol method)
        => method.IsExtensionMethod || method.ReducedFrom is not null || method.ContainingType is null
            ? method.Name
            : method.ContainingType.Name + "." + method.Name;

    /// <summary>Calls whose async twin exists but is not what a careful reviewer would ask for.</summary>
    private static bool IsBuiltInExclusion(IMethodSymbol method, IOperation? instance, AdvisorContext advisor)
    {
        switch (method.Name)
        {
            case "Dispose" or "Close":
                return true;
            case "Cancel" when method.ContainingType?.Name == "CancellationTokenSource":
                return true;
            case "Add" or "AddRange" when DerivesFrom(method.ContainingType, advisor.Symbols.EfDbContext) || DerivesFrom(method.ContainingType, advisor.Symbols.EfDbSetOfT):
                return true;
        }

        var type = instance?.Type ?? method.ContainingType;
        if (DerivesFrom(type, advisor.Symbols.XmlReader) || DerivesFrom(type, advisor.Symbols.XmlWriter))
        {
            return true;
        }

        // Console.Out.WriteLine(...): the console writers are synchronous underneath their async methods.
        return instance.WalkDownConversions() is IPropertyReferenceOperation { Instance: null, Property.Name: "Out" or "Error" or "In" } console
               && SymbolEqualityComparer.Default.Equals(console.Property.ContainingType, advisor.Symbols.Console);
    }

    private static bool IsInMemory(IOperation? value, AdvisorContext advisor)
    {
        var type = value.WalkDownConversions()?.Type;
        if (type is null)
        {
            return false;
        }

        var symbols = advisor.Symbols;
        return DerivesFrom(type, symbols.MemoryStream) || DerivesFrom(type, symbols.UnmanagedMemoryStream)
               || DerivesFrom(type, symbols.StringReader) || DerivesFrom(type, symbols.StringWriter);
    }

    /// <summary><c>JsonSerializer.Serialize(memoryStream, value)</c>: a static API working on an in-memory stream does no I/O either.</summary>
    private static bool HasInMemoryStreamArgument(IInvocationOperation invocation, AdvisorContext advisor)
    {
        if (invocation.Instance is not null)
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (DerivesFrom(argument.Parameter?.Type, advisor.Symbols.Stream) || argument.Parameter?.Type.Name is "TextReader" or "TextWriter")
            {
                if (IsInMemory(argument.Value, advisor))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsLinqOperator(IMethodSymbol method, AdvisorContext advisor)
    {
        var type = (method.ReducedFrom ?? method).ContainingType;
        return SymbolEqualityComparer.Default.Equals(type, advisor.Symbols.Enumerable) || SymbolEqualityComparer.Default.Equals(type, advisor.Symbols.Queryable);
    }

    /// <summary>
    /// True when <paramref name="query"/> is an EF Core query: a <c>DbSet</c>, a query operator of EF Core (<c>Include</c>,
    /// <c>AsNoTracking</c>, <c>FromSql</c>, ...), a <c>Queryable</c> operator applied to one, or a local initialised from one.
    /// Parameters and fields of type <c>IQueryable&lt;T&gt;</c> are not followed: they may be in-memory queries.
    /// </summary>
    private static bool IsEntityFrameworkQuery(IOperation? query, AdvisorContext advisor, int depth)
    {
        query = query.WalkDownConversions();
        if (query is null || depth > MaxQueryDepth)
        {
            return false;
        }

        if (query.Type is not { } type || !ImplementsQueryable(type, advisor))
        {
            return false;
        }

        if (DerivesFrom(type, advisor.Symbols.EfDbSetOfT))
        {
            return true;
        }

        switch (query)
        {
            case IInvocationOperation invocation:
            {
                var target = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
                if (IsInEntityFrameworkNamespace(target.ContainingType))
                {
                    return true;
                }

                if (SymbolEqualityComparer.Default.Equals(target.ContainingType, advisor.Symbols.Queryable))
                {
                    var source = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                    return IsEntityFrameworkQuery(source, advisor, depth + 1);
                }

                return false;
            }

            case ILocalReferenceOperation local:
                return IsEntityFrameworkQuery(GetInitializer(local), advisor, depth + 1);
            case ITranslatedQueryOperation translated:
                return IsEntityFrameworkQuery(translated.Operation, advisor, depth + 1);
            default:
                return false;
        }
    }

    private static IOperation? GetInitializer(ILocalReferenceOperation local)
    {
        if (local.SemanticModel is not { } model || local.Local.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var syntax = local.Local.DeclaringSyntaxReferences[0].GetSyntax();
        if (syntax.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetOperation(syntax) is IVariableDeclaratorOperation { Initializer: { } initializer } ? initializer.Value : null;
    }

    private static bool ImplementsQueryable(ITypeSymbol type, AdvisorContext advisor)
    {
        var queryable = advisor.Symbols.IQueryableOfT;
        if (queryable is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, queryable))
        {
            return true;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, queryable))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInEntityFrameworkNamespace(INamedTypeSymbol? type)
    {
        for (var ns = type?.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            if (ns.Name == "EntityFrameworkCore" && ns.ContainingNamespace is { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Inside a lambda handed to <c>Offload.*</c>, <c>Task.Run</c> or <c>TaskFactory.StartNew</c>.</summary>
    private static bool IsOffloaded(IOperation operation, AdvisorContext advisor)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation lambda)
            {
                continue;
            }

            var argument = lambda.Parent is IDelegateCreationOperation creation ? creation.Parent : lambda.Parent;
            argument = argument is IConversionOperation conversion ? conversion.Parent : argument;
            if (argument is IArgumentOperation { Parent: IInvocationOperation call })
            {
                var target = call.TargetMethod;
                var symbols = advisor.Symbols;
                if (SymbolEqualityComparer.Default.Equals(target.ContainingType, symbols.Offload)
                    || (target.Name == "Run" && SymbolEqualityComparer.Default.Equals(target.ContainingType, symbols.Task))
                    || (target.Name == "StartNew" && DerivesFrom(target.ContainingType, symbols.TaskFactory)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The call implements the twin: inside the twin itself (<c>Task&lt;string&gt; LoadAsync() =&gt; Task.FromResult(Load())</c>),
    /// or inside any member named like the twin, on <c>this</c>/<c>base</c> (a <c>ReadAsync</c> override calling <c>Read</c>).
    /// Awaiting the twin there would recurse.
    /// </summary>
    private static bool ImplementsTwin(ISymbol? containingSymbol, IOperation? receiver, ISymbol member, AsyncTwin twin)
    {
        if (containingSymbol is not IMethodSymbol container)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(container.OriginalDefinition, twin.Method.OriginalDefinition))
        {
            return true;
        }

        if (container.Name != twin.Method.Name)
        {
            return false;
        }

        var onSelf = receiver is null
            ? member.IsStatic && SymbolEqualityComparer.Default.Equals(member.ContainingType, container.ContainingType)
            : receiver.WalkDownConversions() is IInstanceReferenceOperation;
        return onSelf;
    }

    private static bool IsAccessible(OperationAnalysisContext context, IMethodSymbol twin, IOperation? receiver)
    {
        var within = (ISymbol?)context.ContainingSymbol.ContainingType ?? context.Compilation.Assembly;
        var throughType = twin.IsStatic ? null : receiver?.WalkDownConversions()?.Type;
        return context.Compilation.IsSymbolAccessibleWithin(twin, within, throughType);
    }

    private static bool IsExcluded(OperationAnalysisContext context, AdvisorContext advisor, IOperation operation, ISymbol member, IOperation? receiver)
    {
        var excluded = advisor.Options.GetApiSet(context.Options, operation.Syntax.SyntaxTree, ExcludedApisKey);
        if (excluded.IsEmpty)
        {
            return false;
        }

        if (excluded.Contains(member))
        {
            return true;
        }

        var receiverType = receiver.WalkDownConversions()?.Type;
        return receiverType is not null && excluded.Contains(receiverType);
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
