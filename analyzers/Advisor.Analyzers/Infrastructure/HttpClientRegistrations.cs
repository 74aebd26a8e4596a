using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>How well a downstream call is protected.</summary>
internal enum GuardLevel
{
    /// <summary>Neither a timeout nor a circuit breaker.</summary>
    None,

    /// <summary>A timeout (token, <c>WaitAsync</c>, finite <c>HttpClient.Timeout</c>, a deadline) but no circuit breaker.</summary>
    TimeoutOnly,

    /// <summary>A resilience pipeline or policy, <c>Downstream.Guard</c>, or a client registered with a resilience handler.</summary>
    Guarded,
}

/// <summary>
/// The guard facts about HttpClients that span the whole compilation, computed once per compilation
/// (<see cref="AdvisorContext.GetSummary{T}"/>) and shared by ADV4001 and ADV4003: which typed and named clients are
/// registered with a resilience handler (<c>AddStandardResilienceHandler</c>, <c>AddResilienceHandler</c>,
/// <c>AddPolicyHandler</c>, <c>AddAdvisorGuard</c>, ...) or a finite <c>Timeout</c>, which fields and properties hold a
/// client with a finite <c>Timeout</c>, and which hold a named client from <c>IHttpClientFactory.CreateClient</c>.
/// The walk reads syntax first and binds only the few nodes that can matter (handler calls, <c>Timeout</c>
/// assignments, <c>CreateClient</c> assignments).
/// </summary>
internal sealed class HttpClientRegistrations
{
    private static readonly ImmutableHashSet<string> s_handlerMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "AddStandardResilienceHandler", "AddStandardHedgingHandler", "AddResilienceHandler", "AddPolicyHandler",
        "AddTransientHttpErrorPolicy", "AddPolicyHandlerFromRegistry", "AddAdvisorGuard");

    private readonly HashSet<ITypeSymbol> _guardedTypes = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ITypeSymbol> _timeoutTypes = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _guardedNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _timeoutNames = new(StringComparer.Ordinal);
    private readonly HashSet<ISymbol> _timeoutMembers = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, string> _memberClientNames = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ITypeSymbol> _registeredTypes = new(SymbolEqualityComparer.Default);
    private bool _allFactoryClientsGuarded;

    private HttpClientRegistrations()
    {
    }

    public static HttpClientRegistrations For(AdvisorContext advisor, CancellationToken cancellationToken)
        => advisor.GetSummary(typeof(HttpClientRegistrations), static (c, token) => Build(c, token), cancellationToken);

    /// <summary>The guard level of the clients of a typed client class.</summary>
    public GuardLevel ForTypedClient(ITypeSymbol type)
    {
        type = type.OriginalDefinition;
        if (_guardedTypes.Contains(type) || (_allFactoryClientsGuarded && _registeredTypes.Contains(type)))
        {
            return GuardLevel.Guarded;
        }

        return _timeoutTypes.Contains(type) ? GuardLevel.TimeoutOnly : GuardLevel.None;
    }

    /// <summary>The guard level of a named client (<c>factory.CreateClient(name)</c>).</summary>
    public GuardLevel ForNamedClient(string name)
    {
        if (_allFactoryClientsGuarded || _guardedNames.Contains(name))
        {
            return GuardLevel.Guarded;
        }

        return _timeoutNames.Contains(name) ? GuardLevel.TimeoutOnly : GuardLevel.None;
    }

    /// <summary>The guard level of a field or property holding an HttpClient.</summary>
    public GuardLevel ForMember(ISymbol member)
    {
        member = member.OriginalDefinition;
        var level = GuardLevel.None;
        if (_memberClientNames.TryGetValue(member, out var name))
        {
            level = ForNamedClient(name);
        }

        if (level == GuardLevel.None && _timeoutMembers.Contains(member))
        {
            level = GuardLevel.TimeoutOnly;
        }

        var typed = member.ContainingType is { } containing ? ForTypedClient(containing) : GuardLevel.None;
        return typed > level ? typed : level;
    }

    private static HttpClientRegistrations Build(AdvisorContext advisor, CancellationToken cancellationToken)
    {
        var result = new HttpClientRegistrations();
        var compilation = advisor.Compilation;
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SemanticModel? model = null;
            var root = tree.GetRoot(cancellationToken);
            foreach (var node in root.DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when IsInteresting(invocation):
                    case AssignmentExpressionSyntax assignment when IsTimeoutOrCreateClient(assignment):
                    case EqualsValueClauseSyntax { Value: InvocationExpressionSyntax created, Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } or PropertyDeclarationSyntax }
                        when SimpleName(created.Expression) == "CreateClient":
#pragma warning disable RS1030 // Whole-compilation summary computed once; only the few matching nodes are bound.
                        model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                        var operation = model.GetOperation(node, cancellationToken);
                        if (operation is IInvocationOperation call)
                        {
                            result.AddHandler(call, advisor);
                        }
                        else if (operation is ISimpleAssignmentOperation simple)
                        {
                            result.AddAssignment(simple, advisor);
                        }
                        else if (operation is ISymbolInitializerOperation { Value: IInvocationOperation create } initializer)
                        {
                            result.AddCreateClientInitializer(initializer, create);
                        }

                        break;
                }
            }
        }

        return result;
    }

    private static string? SimpleName(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    private static bool IsInteresting(InvocationExpressionSyntax invocation)
        => SimpleName(invocation.Expression) is { } name && (s_handlerMethods.Contains(name) || name is "ConfigureHttpClientDefaults" or "AddHttpClient");

    private static bool IsTimeoutOrCreateClient(AssignmentExpressionSyntax assignment)
        => assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
           && ((SimpleName(assignment.Left) == "Timeout")
               || (assignment.Right is InvocationExpressionSyntax right && SimpleName(right.Expression) == "CreateClient"));

    private void AddHandler(IInvocationOperation call, AdvisorContext advisor)
    {
        var name = call.TargetMethod.Name;
        if (name == "AddHttpClient")
        {
            // Record every registered typed client (ConfigureHttpClientDefaults guards all of them).
            Register(call, advisor, static (self, type) => self._registeredTypes.Add(type), static (_, _) => { });
            return;
        }

        if (name == "ConfigureHttpClientDefaults")
        {
            // services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler()) guards every factory client;
            // the handler call inside the lambda is recorded when it is visited (its builder is the lambda parameter).
            return;
        }

        var builder = GetBuilderArgument(call);
        if (builder is null)
        {
            return;
        }

        if (builder is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } }
            && IsLambdaArgumentOf(builder, "ConfigureHttpClientDefaults"))
        {
            _allFactoryClientsGuarded = true;
            return;
        }

        Register(builder, advisor, static (self, type) => self._guardedTypes.Add(type.OriginalDefinition), static (self, clientName) => self._guardedNames.Add(clientName));
    }

    private void AddCreateClientInitializer(ISymbolInitializerOperation initializer, IInvocationOperation create)
    {
        if (ConstantArgument(create) is not { } clientName)
        {
            return;
        }

        var members = initializer switch
        {
            IFieldInitializerOperation field => field.InitializedFields.CastArray<ISymbol>(),
            IPropertyInitializerOperation property => property.InitializedProperties.CastArray<ISymbol>(),
            _ => ImmutableArray<ISymbol>.Empty,
        };

        foreach (var member in members)
        {
            _memberClientNames[member.OriginalDefinition] = clientName;
        }
    }

    private void AddAssignment(ISimpleAssignmentOperation assignment, AdvisorContext advisor)
    {
        var value = assignment.Value.WalkDownConversions();
        if (value is IInvocationOperation { TargetMethod.Name: "CreateClient" } create)
        {
            if (MemberOf(assignment.Target) is { } member && ConstantArgument(create) is { } clientName)
            {
                _memberClientNames[member.OriginalDefinition] = clientName;
            }

            return;
        }

        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "Timeout" } timeout
            || !DownstreamCalls.DerivesFrom(timeout.Property.ContainingType, advisor.Symbols.HttpClient)
            || !IsFinite(value))
        {
            return;
        }

        switch (timeout.Instance?.WalkDownConversions())
        {
            case IFieldReferenceOperation or IPropertyReferenceOperation:
                _timeoutMembers.Add(MemberOf(timeout.Instance)!.OriginalDefinition);
                break;
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                // new HttpClient { Timeout = ... } assigned to a field or property (or its initializer).
                var creation = assignment.Parent?.Parent;
                if (creation is IObjectCreationOperation)
                {
                    var parent = creation.Parent;
                    while (parent is IConversionOperation)
                    {
                        parent = parent.Parent;
                    }

                    if (parent is ISimpleAssignmentOperation outer && MemberOf(outer.Target) is { } target)
                    {
                        _timeoutMembers.Add(target.OriginalDefinition);
                    }
                    else if (parent is IFieldInitializerOperation fieldInitializer)
                    {
                        foreach (var field in fieldInitializer.InitializedFields)
                        {
                            _timeoutMembers.Add(field.OriginalDefinition);
                        }
                    }
                    else if (parent is IPropertyInitializerOperation propertyInitializer)
                    {
                        foreach (var property in propertyInitializer.InitializedProperties)
                        {
                            _timeoutMembers.Add(property.OriginalDefinition);
                        }
                    }
                }

                break;
            case IParameterReferenceOperation { Parameter: var parameter } reference:
                if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor)
                {
                    // A typed client that sets the Timeout of the client it is given.
                    _timeoutTypes.Add(ctor.ContainingType.OriginalDefinition);
                }
                else if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction }
                         && GetLambdaTarget(reference) is { } registration)
                {
                    // AddHttpClient<T>(c => c.Timeout = ...), ConfigureHttpClient(c => c.Timeout = ...).
                    var builder = registration.TargetMethod.Name == "AddHttpClient" ? registration : GetBuilderArgument(registration);
                    if (builder is not null)
                    {
                        Register(builder, advisor, static (self, type) => self._timeoutTypes.Add(type.OriginalDefinition), static (self, clientName) => self._timeoutNames.Add(clientName));
                    }
                }

                break;
        }
    }

    private static ISymbol? MemberOf(IOperation? operation) => operation?.WalkDownConversions() switch
    {
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    /// <summary>A finite TimeSpan: anything but <c>Timeout.InfiniteTimeSpan</c>, <c>TimeSpan.MaxValue</c> or a negative constant.</summary>
    private static bool IsFinite(IOperation? value)
    {
        switch (value.WalkDownConversions())
        {
            case IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" or "MaxValue" }:
                return false;
            case IInvocationOperation { TargetMethod.Name: var name, Arguments: { Length: 1 } arguments } when name.StartsWith("From", StringComparison.Ordinal):
                var constant = arguments[0].Value.WalkDownConversions()?.ConstantValue;
                return !(constant is { HasValue: true } c && Convert.ToDouble(c.Value, System.Globalization.CultureInfo.InvariantCulture) < 0);
            default:
                return value is not null;
        }
    }

    private static string? ConstantArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_String
                && argument.Value.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: string name })
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The <c>IHttpClientBuilder</c> an extension method is called on (its first argument).</summary>
    private static IOperation? GetBuilderArgument(IInvocationOperation call)
    {
        var method = call.TargetMethod.ReducedFrom ?? call.TargetMethod;
        if (!method.IsExtensionMethod || method.Parameters.Length == 0 || !IsHttpClientBuilder(method.Parameters[0].Type))
        {
            return call.Instance is { } instance && IsHttpClientBuilder(instance.Type) ? instance.WalkDownConversions() : null;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return argument.Value.WalkDownConversions();
            }
        }

        return null;
    }

    private static bool IsHttpClientBuilder(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.Name == "IHttpClientBuilder")
        {
            return true;
        }

        foreach (var iface in type.AllInterfaces)
        {
            if (iface.Name == "IHttpClientBuilder")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Follows a builder expression back to its <c>AddHttpClient</c> (or <c>AddTypedClient</c>) registration.</summary>
    private void Register(IOperation? builder, AdvisorContext advisor, Action<HttpClientRegistrations, ITypeSymbol> typed, Action<HttpClientRegistrations, string> named)
    {
        for (var depth = 0; builder is not null && depth < 16; depth++)
        {
            switch (builder)
            {
                case IInvocationOperation invocation when invocation.TargetMethod.Name is "AddHttpClient" or "AddTypedClient":
                {
                    var typeArguments = invocation.TargetMethod.TypeArguments;
                    if (typeArguments.Length > 0)
                    {
                        typed(this, typeArguments[typeArguments.Length - 1]);
                        _registeredTypes.Add(typeArguments[typeArguments.Length - 1].OriginalDefinition);
                    }

                    if (invocation.TargetMethod.Name == "AddHttpClient")
                    {
                        if (ConstantArgument(invocation) is { } name)
                        {
                            named(this, name);
                        }
                        else if (typeArguments.Length > 0)
                        {
                            // The default name of a typed client is the type's name (no namespace) of TClient.
                            named(this, typeArguments[0].Name);
                        }
                    }

                    if (invocation.TargetMethod.Name == "AddTypedClient")
                    {
                        builder = GetBuilderArgument(invocation);
                        continue;
                    }

                    return;
                }

                case IInvocationOperation invocation:
                    builder = GetBuilderArgument(invocation);
                    continue;
                case ILocalReferenceOperation local:
                    builder = FindLocalInitializer(local);
                    continue;
                default:
                    return;
            }
        }
    }

    private static IOperation? FindLocalInitializer(ILocalReferenceOperation local)
    {
        var root = (IOperation)local;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        foreach (var descendant in root.Descendants())
        {
            if (descendant is IVariableDeclaratorOperation declarator
                && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)
                && declarator.Initializer is { } initializer)
            {
                return initializer.Value.WalkDownConversions();
            }
        }

        return null;
    }

    private static bool IsLambdaArgumentOf(IOperation operation, string methodName)
        => GetLambdaTarget(operation) is { } target && target.TargetMethod.Name == methodName;

    /// <summary>The invocation that receives the lambda around <paramref name="operation"/> as an argument.</summary>
    private static IInvocationOperation? GetLambdaTarget(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation)
            {
                var parent = current.Parent;
                while (parent is IDelegateCreationOperation or IConversionOperation)
                {
                    parent = parent.Parent;
                }

                return parent is IArgumentOperation { Parent: IInvocationOperation invocation } ? invocation : null;
            }
        }

        return null;
    }
}
