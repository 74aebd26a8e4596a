using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>What kind of process a downstream call talks to.</summary>
internal enum DownstreamKind
{
    /// <summary>Not an outbound call.</summary>
    None,

    /// <summary><c>HttpClient</c>/<c>HttpMessageInvoker</c> send methods and the <c>System.Net.Http.Json</c> extensions.</summary>
    Http,

    /// <summary>A gRPC client call (a method of a <c>Grpc.Core.ClientBase</c> descendant).</summary>
    Grpc,

    /// <summary><c>DbCommand</c> execute methods and <c>DbConnection</c> open methods.</summary>
    Database,

    /// <summary>Socket and <c>TcpClient</c> connects.</summary>
    Socket,

    /// <summary>A member listed in <c>advisor.downstream_types</c> or marked <c>[Downstream]</c>.</summary>
    User,
}

/// <summary>
/// Classifies calls as downstream calls (DESIGN.md "Downstream call"). Built-in classifications are cached per method
/// symbol for the compilation; the user list (<c>advisor.downstream_types</c>) is an <see cref="ApiSet"/> with its own cache.
/// </summary>
internal sealed class DownstreamCalls
{
    /// <summary>The <c>.editorconfig</c> key listing extra downstream types or members (comma-separated).</summary>
    public const string DownstreamTypesKey = "advisor.downstream_types";

    private static readonly ImmutableHashSet<string> s_httpMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "Send", "SendAsync", "GetAsync", "PostAsync", "PutAsync", "DeleteAsync", "PatchAsync",
        "GetStringAsync", "GetByteArrayAsync", "GetStreamAsync");

    private static readonly ImmutableHashSet<string> s_commandMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "ExecuteReader", "ExecuteReaderAsync", "ExecuteNonQuery", "ExecuteNonQueryAsync", "ExecuteScalar", "ExecuteScalarAsync");

    private readonly AdvisorContext _advisor;
    private readonly ConcurrentDictionary<IMethodSymbol, DownstreamKind> _builtIn = new(SymbolEqualityComparer.Default);
    private readonly Func<IMethodSymbol, DownstreamKind> _classify;

    private DownstreamCalls(AdvisorContext advisor)
    {
        _advisor = advisor;
        _classify = ClassifyBuiltIn;
    }

    public static DownstreamCalls For(AdvisorContext advisor)
        => advisor.GetSummary(typeof(DownstreamCalls), static (c, _) => new DownstreamCalls(c), System.Threading.CancellationToken.None);

    /// <summary>The kind of downstream call <paramref name="invocation"/> makes, <see cref="DownstreamKind.None"/> if none.</summary>
    public DownstreamKind Classify(IInvocationOperation invocation, AnalyzerOptions options)
    {
        var method = invocation.TargetMethod;
        var kind = _builtIn.GetOrAdd(method.ReducedFrom ?? method.OriginalDefinition, _classify);
        if (kind != DownstreamKind.None)
        {
            return kind;
        }

        var userTypes = _advisor.Options.GetApiSet(options, invocation.Syntax.SyntaxTree, DownstreamTypesKey);
        return userTypes.Contains(method) ? DownstreamKind.User : DownstreamKind.None;
    }

    /// <summary>The receiver of a downstream call: the instance, or the <c>this</c> argument of an extension method.</summary>
    public static IOperation? GetReceiver(IInvocationOperation invocation)
    {
        if (invocation.Instance is { } instance)
        {
            return instance.WalkDownConversions();
        }

        if (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    return argument.Value.WalkDownConversions();
                }
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="type"/> is or derives from <paramref name="baseType"/>.</summary>
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
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

    /// <summary>
    /// A short, stable name for the dependency, used as the guard name by the ADV4001 fix: the typed client
    /// (<c>OrdersClient</c> becomes <c>orders</c>), the field (<c>_inventoryHttp</c> becomes <c>inventory</c>), the
    /// named client, or the host of a literal URL.
    /// </summary>
    public static string DeriveName(IInvocationOperation invocation, DownstreamKind kind, AdvisorContext advisor)
    {
        var method = invocation.TargetMethod;
        if (FindAttributeName(method, advisor) is { } attributeName)
        {
            return attributeName;
        }

        if (kind is DownstreamKind.Grpc or DownstreamKind.User)
        {
            return Kebab(TrimSuffixes(method.ContainingType.Name));
        }

        var receiver = GetReceiver(invocation);
        string? fromReceiver = receiver switch
        {
            IFieldReferenceOperation field => FromMember(field.Field.Name, field.Field.ContainingType),
            IPropertyReferenceOperation property => FromMember(property.Property.Name, property.Property.ContainingType),
            IParameterReferenceOperation parameter when parameter.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor
                => FromType(ctor.ContainingType),
            IInvocationOperation { TargetMethod.Name: "CreateClient", Arguments: { Length: > 0 } arguments } => ConstantString(arguments[arguments.Length - 1].Value),
            ILocalReferenceOperation local => FromMember(local.Local.Name, null),
            _ => null,
        };

        if (fromReceiver is { Length: > 0 } && fromReceiver != "http")
        {
            return fromReceiver;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (ConstantString(argument.Value) is { } text
                && Uri.TryCreate(text, UriKind.Absolute, out var uri)
                && uri.Host.Length > 0)
            {
                var host = uri.Host;
                return host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host.Substring(4) : host;
            }
        }

        return fromReceiver is { Length: > 0 } ? fromReceiver : Kebab(TrimSuffixes(invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart)?.ContainingType?.Name ?? string.Empty)) is { Length: > 0 } enclosing ? enclosing : "downstream";
    }

    private static string? FindAttributeName(IMethodSymbol method, AdvisorContext advisor)
    {
        var attributeType = advisor.Symbols.DownstreamAttribute;
        if (attributeType is null)
        {
            return null;
        }

        foreach (var symbol in new ISymbol[] { method.ReducedFrom ?? method, method.ContainingType })
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
                {
                    if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string { Length: > 0 } name)
                    {
                        return name;
                    }

                    return Kebab(TrimSuffixes(method.ContainingType.Name));
                }
            }
        }

        return null;
    }

    private static string? ConstantString(IOperation value)
        => value.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: string text } ? text : null;

    private static string? FromMember(string memberName, INamedTypeSymbol? containingType)
    {
        var name = memberName.TrimStart('_');
        if (name.StartsWith("m_", StringComparison.Ordinal))
        {
            name = name.Substring(2);
        }

        name = TrimSuffixes(name);
        if (name.Length == 0 || string.Equals(name, "http", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "client", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "httpClient", StringComparison.OrdinalIgnoreCase))
        {
            // A generic name (_http, _client): a typed client's class names the dependency, else the URL's host does.
            return containingType is not null && FromType(containingType) is { } typed && !string.Equals(typed, Kebab(containingType.Name), StringComparison.Ordinal)
                ? typed
                : null;
        }

        return Kebab(name);
    }

    private static string? FromType(INamedTypeSymbol type)
    {
        var trimmed = TrimSuffixes(type.Name);
        return trimmed.Length == 0 || trimmed.Length == type.Name.Length ? (trimmed.Length == 0 ? null : Kebab(trimmed)) : Kebab(trimmed);
    }

    private static string TrimSuffixes(string name)
    {
        foreach (var suffix in new[] { "HttpClient", "ApiClient", "GrpcClient", "Client", "Http", "Gateway", "Proxy", "Service", "Api" })
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name.Substring(0, name.Length - suffix.Length);
            }
        }

        return string.Equals(name, "HttpClient", StringComparison.Ordinal) ? string.Empty : name;
    }

    private static string Kebab(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private DownstreamKind ClassifyBuiltIn(IMethodSymbol method)
    {
        var symbols = _advisor.Symbols;
        var type = method.ContainingType;
        if (type is null)
        {
            return DownstreamKind.None;
        }

        if (s_httpMethods.Contains(method.Name) && DerivesFrom(type, symbols.HttpMessageInvoker))
        {
            return DownstreamKind.Http;
        }

        if (symbols.HttpClientJsonExtensions is { } json && SymbolEqualityComparer.Default.Equals(type, json))
        {
            return DownstreamKind.Http;
        }

        if (s_commandMethods.Contains(method.Name) && DerivesFrom(type, symbols.DbCommand))
        {
            return DownstreamKind.Database;
        }

        if (method.Name is "Open" or "OpenAsync" && DerivesFrom(type, symbols.DbConnection))
        {
            return DownstreamKind.Database;
        }

        if (method.Name is "Connect" or "ConnectAsync" && (DerivesFrom(type, symbols.Socket) || DerivesFrom(type, symbols.TcpClient)))
        {
            return DownstreamKind.Socket;
        }

        if (!method.IsStatic && method.MethodKind == MethodKind.Ordinary && symbols.GrpcClientBase is { } clientBase
            && type.BaseType is not null && DerivesFrom(type.BaseType, clientBase)
            && !string.Equals(type.ContainingNamespace?.ToDisplayString(), "Grpc.Core", StringComparison.Ordinal))
        {
            return DownstreamKind.Grpc;
        }

        if (symbols.DownstreamAttribute is { } attribute && (HasAttribute(method, attribute) || HasAttribute(type, attribute)))
        {
            return DownstreamKind.User;
        }

        return DownstreamKind.None;
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute)
    {
        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }
}
