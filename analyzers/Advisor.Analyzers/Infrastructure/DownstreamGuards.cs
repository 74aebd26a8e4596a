using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// Decides whether a downstream call is guarded (DESIGN.md "Guarded"): it runs inside a Polly v8 pipeline or v7
/// policy <c>Execute*</c> delegate or <c>Downstream.Guard(...)</c>; its token carries a timeout
/// (<c>new CancellationTokenSource(TimeSpan)</c>, <c>CancelAfter</c>, a <c>ScatterGather</c> deadline, or a token
/// parameter whose every caller in the compilation passes a guarded token); its result is awaited through
/// <c>WaitAsync(TimeSpan)</c>; or its HttpClient comes from a registration with a resilience handler or a finite
/// <c>Timeout</c> (<see cref="HttpClientRegistrations"/>). One instance per compilation.
/// </summary>
internal sealed class DownstreamGuards
{
    private const int MaxCallerDepth = 3;

    private static readonly ImmutableHashSet<string> s_pollyTypes = ImmutableHashSet.Create(
        StringComparer.Ordinal, "ResiliencePipeline", "PolicyBase", "ISyncPolicy", "IAsyncPolicy", "IsPolicy");

    private readonly AdvisorContext _advisor;
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _pollyExecutors = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IParameterSymbol, GuardLevel> _parameterLevels = new(SymbolEqualityComparer.Default);
    private readonly Lazy<Dictionary<string, List<SyntaxNode>>> _invocationsByName;

    private DownstreamGuards(AdvisorContext advisor)
    {
        _advisor = advisor;
        _invocationsByName = new Lazy<Dictionary<string, List<SyntaxNode>>>(BuildInvocationIndex, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static DownstreamGuards For(AdvisorContext advisor)
        => advisor.GetSummary(typeof(DownstreamGuards), static (c, _) => new DownstreamGuards(c), CancellationToken.None);

    /// <summary>How well <paramref name="call"/> (a downstream call) is protected.</summary>
    public GuardLevel Evaluate(IInvocationOperation call, DownstreamKind kind, CancellationToken cancellationToken)
    {
        var level = EnclosingDelegateLevel(call);
        if (level == GuardLevel.Guarded)
        {
            return level;
        }

        if (kind == DownstreamKind.Http)
        {
            level = Max(level, ReceiverLevel(DownstreamCalls.GetReceiver(call), cancellationToken));
            if (level == GuardLevel.Guarded)
            {
                return level;
            }
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (IsCancellationToken(argument.Parameter?.Type))
            {
                level = Max(level, TokenLevel(argument.Value, MaxCallerDepth, cancellationToken));
            }
            else if (kind == DownstreamKind.Grpc && argument.Parameter?.Name is "deadline" or "options"
                     && argument.Value.WalkDownConversions() is { } value && !IsNullOrDefault(value))
            {
                level = Max(level, GuardLevel.TimeoutOnly);
            }
        }

        if (level == GuardLevel.None && IsAwaitedWithTimeout(call))
        {
            level = GuardLevel.TimeoutOnly;
        }

        return level;
    }

    /// <summary>True when <paramref name="operation"/> runs inside a delegate given to a Polly pipeline or policy, or to <c>Downstream.Guard(...)</c>.</summary>
    public bool IsInsideResilienceDelegate(IOperation operation) => EnclosingDelegateLevel(operation) == GuardLevel.Guarded;

    /// <summary>True when <paramref name="operation"/> runs inside the per-item delegate of <c>ScatterGather.WithDeadline</c>.</summary>
    public bool IsInsideScatterGather(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation && GetLambdaTarget(current) is { } target && IsScatterGather(target.TargetMethod))
            {
                return true;
            }
        }

        return false;
    }

    private static GuardLevel Max(GuardLevel left, GuardLevel right) => left > right ? left : right;

    private bool IsCancellationToken(ITypeSymbol? type)
        => type is not null && SymbolEqualityComparer.Default.Equals(type, _advisor.Symbols.CancellationToken);

    private static bool IsNullOrDefault(IOperation value)
        => value is IDefaultValueOperation || value.ConstantValue is { HasValue: true, Value: null };

    private GuardLevel EnclosingDelegateLevel(IOperation operation)
    {
        var level = GuardLevel.None;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation lambda || GetLambdaTarget(lambda) is not { } target)
            {
                continue;
            }

            if (IsResilienceExecute(target.TargetMethod))
            {
                return GuardLevel.Guarded;
            }

            if (IsScatterGather(target.TargetMethod))
            {
                level = GuardLevel.TimeoutOnly;
            }
        }

        return level;
    }

    private bool IsScatterGather(IMethodSymbol method)
        => method.Name == "WithDeadline" && _advisor.Symbols.ScatterGather is { } scatter && SymbolEqualityComparer.Default.Equals(method.ContainingType, scatter);

    /// <summary><c>Execute*</c> on a Polly v8 <c>ResiliencePipeline</c> or a Polly v7 policy.</summary>
    public bool IsResilienceExecute(IMethodSymbol method)
        => method.Name.StartsWith("Execute", StringComparison.Ordinal) && method.ContainingType is { } type && _pollyExecutors.GetOrAdd(type, static t => IsPollyType(t));

    private static bool IsPollyType(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsPollyName(current))
            {
                return true;
            }
        }

        foreach (var iface in type.AllInterfaces)
        {
            if (IsPollyName(iface))
            {
                return true;
            }
        }

        return false;

        static bool IsPollyName(ITypeSymbol candidate)
            => s_pollyTypes.Contains(candidate.Name)
               && candidate.ContainingNamespace is { Name: "Polly", ContainingNamespace.IsGlobalNamespace: true };
    }

    /// <summary>The invocation that receives the lambda <paramref name="lambda"/> as an argument, if any.</summary>
    public static IInvocationOperation? GetLambdaTarget(IOperation lambda)
    {
        var parent = lambda.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation { Parent: IInvocationOperation invocation } ? invocation : null;
    }

    private GuardLevel ReceiverLevel(IOperation? receiver, CancellationToken cancellationToken)
    {
        if (receiver is null || !DownstreamCalls.DerivesFrom(receiver.Type, _advisor.Symbols.HttpMessageInvoker))
        {
            return GuardLevel.None;
        }

        var registrations = HttpClientRegistrations.For(_advisor, cancellationToken);
        switch (receiver)
        {
            case IFieldReferenceOperation field:
                return registrations.ForMember(field.Field);
            case IPropertyReferenceOperation property:
                return registrations.ForMember(property.Property);
            case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } ctor }:
                // A typed client's constructor parameter (including a primary constructor parameter).
                return registrations.ForTypedClient(ctor.ContainingType);
            case IInvocationOperation create when create.TargetMethod.Name == "CreateClient":
                return NamedClientLevel(create, registrations);
            case ILocalReferenceOperation local:
                return LocalClientLevel(local, registrations);
            default:
                return GuardLevel.None;
        }
    }

    private static GuardLevel NamedClientLevel(IInvocationOperation create, HttpClientRegistrations registrations)
    {
        foreach (var argument in create.Arguments)
        {
            if (argument.Value.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: string name })
            {
                return registrations.ForNamedClient(name);
            }
        }

        // CreateClient() uses the default (unnamed) client.
        return registrations.ForNamedClient(string.Empty);
    }

    private GuardLevel LocalClientLevel(ILocalReferenceOperation local, HttpClientRegistrations registrations)
    {
        var level = GuardLevel.None;
        foreach (var descendant in GetRoot(local).Descendants())
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local):
                    var value = declarator.Initializer?.Value.WalkDownConversions();
                    if (value is IInvocationOperation { TargetMethod.Name: "CreateClient" } create)
                    {
                        level = Max(level, NamedClientLevel(create, registrations));
                    }
                    else if (value is IObjectCreationOperation { Initializer: { } initializer } && HasFiniteTimeout(initializer))
                    {
                        level = Max(level, GuardLevel.TimeoutOnly);
                    }

                    break;
                case ISimpleAssignmentOperation
                {
                    Target: IPropertyReferenceOperation { Property.Name: "Timeout", Instance: ILocalReferenceOperation target },
                } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local.Local) && !IsInfinite(assignment.Value):
                    level = Max(level, GuardLevel.TimeoutOnly);
                    break;
            }
        }

        return level;
    }

    private static bool HasFiniteTimeout(IObjectOrCollectionInitializerOperation initializer)
    {
        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Timeout" } } assignment && !IsInfinite(assignment.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInfinite(IOperation value)
        => value.WalkDownConversions() is IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" or "MaxValue" };

    private static IOperation GetRoot(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>Whether a CancellationToken expression carries a timeout (or a guard, through the callers of a parameter).</summary>
    public GuardLevel TokenLevel(IOperation? token, int depth, CancellationToken cancellationToken)
    {
        token = token.WalkDownConversions();
        switch (token)
        {
            case IPropertyReferenceOperation { Property.Name: "Token", Instance: { } source } when IsTokenSource(source.Type):
                return SourceLevel(source.WalkDownConversions()!, token);
            case ILocalReferenceOperation local when depth > 0:
                foreach (var descendant in GetRoot(local).Descendants())
                {
                    if (descendant is IVariableDeclaratorOperation declarator
                        && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)
                        && declarator.Initializer is { } initializer)
                    {
                        return TokenLevel(initializer.Value, depth - 1, cancellationToken);
                    }
                }

                return GuardLevel.None;
            case IParameterReferenceOperation parameter:
                return ParameterLevel(parameter, depth, cancellationToken);
            default:
                return GuardLevel.None;
        }
    }

    private bool IsTokenSource(ITypeSymbol? type) => DownstreamCalls.DerivesFrom(type, _advisor.Symbols.CancellationTokenSource);

    private GuardLevel SourceLevel(IOperation source, IOperation use)
    {
        switch (source)
        {
            case IObjectCreationOperation creation:
                return creation.Arguments.Length > 0 ? GuardLevel.TimeoutOnly : GuardLevel.None;
            case ILocalReferenceOperation local:
                foreach (var descendant in GetRoot(use).Descendants())
                {
                    switch (descendant)
                    {
                        case IVariableDeclaratorOperation declarator
                            when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)
                                 && declarator.Initializer?.Value.WalkDownConversions() is IObjectCreationOperation { Arguments.Length: > 0 } creation
                                 && IsTokenSource(creation.Type):
                            return GuardLevel.TimeoutOnly;
                        case IInvocationOperation { TargetMethod.Name: "CancelAfter", Instance: ILocalReferenceOperation target }
                            when SymbolEqualityComparer.Default.Equals(target.Local, local.Local):
                            return GuardLevel.TimeoutOnly;
                    }
                }

                return GuardLevel.None;
            default:
                return GuardLevel.None;
        }
    }

    /// <summary>
    /// A token parameter: of a lambda handed to a pipeline (guarded) or to ScatterGather (deadline); of a method, as
    /// guarded as the least guarded token its callers in the compilation pass (none when no caller is found).
    /// </summary>
    private GuardLevel ParameterLevel(IParameterReferenceOperation reference, int depth, CancellationToken cancellationToken)
    {
        var parameter = reference.Parameter;
        if (parameter.ContainingSymbol is not IMethodSymbol method)
        {
            return GuardLevel.None;
        }

        if (method.MethodKind == MethodKind.AnonymousFunction)
        {
            // The lambda's own token: handled by EnclosingDelegateLevel for pipelines; a ScatterGather token has a deadline.
            for (var current = reference.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, method))
                {
                    var target = GetLambdaTarget(lambda);
                    if (target is not null && IsResilienceExecute(target.TargetMethod))
                    {
                        return GuardLevel.Guarded;
                    }

                    return target is not null && IsScatterGather(target.TargetMethod) ? GuardLevel.TimeoutOnly : GuardLevel.None;
                }
            }

            return GuardLevel.None;
        }

        if (depth <= 0 || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || !_advisor.Bodies.IsInSource(method))
        {
            return GuardLevel.None;
        }

        parameter = parameter.OriginalDefinition;
        if (depth == MaxCallerDepth && _parameterLevels.TryGetValue(parameter, out var cached))
        {
            return cached;
        }

        var level = ComputeCallerLevel(MethodBodies.Normalize(method), parameter, depth - 1, cancellationToken);
        if (depth == MaxCallerDepth)
        {
            _parameterLevels.TryAdd(parameter, level);
        }

        return level;
    }

    private GuardLevel ComputeCallerLevel(IMethodSymbol method, IParameterSymbol parameter, int depth, CancellationToken cancellationToken)
    {
        if (!_invocationsByName.Value.TryGetValue(method.Name, out var candidates))
        {
            return GuardLevel.None;
        }

        var sawCaller = false;
        var level = GuardLevel.Guarded;
        foreach (var syntax in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
#pragma warning disable RS1030 // Callers live in other trees; bound only for methods whose token parameter needs them, cached per parameter.
            var model = _advisor.Compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            if (model.GetOperation(syntax, cancellationToken) is not IInvocationOperation invocation
                || !SymbolEqualityComparer.Default.Equals(MethodBodies.Normalize(invocation.TargetMethod), method))
            {
                continue;
            }

            sawCaller = true;
            var siteLevel = EnclosingDelegateLevel(invocation);
            if (siteLevel != GuardLevel.Guarded)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is { } p && p.Ordinal == parameter.Ordinal && argument.ArgumentKind != ArgumentKind.DefaultValue)
                    {
                        siteLevel = Max(siteLevel, TokenLevel(argument.Value, depth, cancellationToken));
                    }
                }
            }

            level = siteLevel < level ? siteLevel : level;
            if (level == GuardLevel.None)
            {
                return level;
            }
        }

        return sawCaller ? level : GuardLevel.None;
    }

    private Dictionary<string, List<SyntaxNode>> BuildInvocationIndex()
    {
        var index = new Dictionary<string, List<SyntaxNode>>(StringComparer.Ordinal);
        foreach (var tree in _advisor.Compilation.SyntaxTrees)
        {
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation)
                {
                    var name = invocation.Expression switch
                    {
                        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                        SimpleNameSyntax simple => simple.Identifier.ValueText,
                        _ => null,
                    };

                    if (name is not null)
                    {
                        if (!index.TryGetValue(name, out var list))
                        {
                            list = new List<SyntaxNode>();
                            index.Add(name, list);
                        }

                        list.Add(invocation);
                    }
                }
            }
        }

        return index;
    }

    /// <summary><c>await call.WaitAsync(TimeSpan...)</c>, directly or through a local holding the task.</summary>
    private bool IsAwaitedWithTimeout(IInvocationOperation call)
    {
        var parent = call.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        if (parent is IInvocationOperation waitAsync && IsWaitAsyncWithTimeout(waitAsync))
        {
            return true;
        }

        if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            foreach (var descendant in GetRoot(call).Descendants())
            {
                if (descendant is IInvocationOperation { Instance: ILocalReferenceOperation local } invocation
                    && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol)
                    && IsWaitAsyncWithTimeout(invocation))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsWaitAsyncWithTimeout(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.Name != "WaitAsync")
        {
            return false;
        }

        foreach (var parameter in invocation.TargetMethod.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, _advisor.Symbols.TimeSpan))
            {
                return true;
            }
        }

        return false;
    }
}
