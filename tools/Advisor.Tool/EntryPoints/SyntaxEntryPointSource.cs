using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Advisor.Tool.EntryPoints;

/// <summary>
/// Finds the request entry points DESIGN.md lists: minimal API handlers (lambdas and method groups passed to
/// <c>Map*</c>), controller actions, Razor Page handlers, middleware <c>Invoke/InvokeAsync(HttpContext)</c> and
/// <c>IMiddleware</c>, SignalR hub methods, gRPC service overrides (<c>ServerCallContext</c> parameter) and methods
/// marked <c>[RequestPath]</c>.
/// </summary>
internal sealed class SyntaxEntryPointSource : IEntryPointSource
{
    private static readonly Dictionary<string, string> s_mapVerbs = new(StringComparer.Ordinal)
    {
        ["MapGet"] = "GET",
        ["MapPost"] = "POST",
        ["MapPut"] = "PUT",
        ["MapDelete"] = "DELETE",
        ["MapPatch"] = "PATCH",
        ["MapMethods"] = "METHODS",
        ["Map"] = "ANY",
        ["MapFallback"] = "FALLBACK",
    };

    public ImmutableArray<EntryPoint> Find(Compilation compilation, CancellationToken cancellationToken)
    {
        var result = ImmutableArray.CreateBuilder<EntryPoint>();
        var seen = new HashSet<SyntaxNode>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = compilation.GetSemanticModel(tree);
            var root = tree.GetRoot(cancellationToken);
            foreach (var node in root.DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation:
                        if (FindMinimalApi(model, invocation, cancellationToken) is { } handler && seen.Add(handler.Body))
                        {
                            result.Add(handler);
                        }

                        break;
                    case MethodDeclarationSyntax method:
                        if (FindMethodEntry(model, method, cancellationToken) is { } entry && seen.Add(entry.Body))
                        {
                            result.Add(entry);
                        }

                        break;
                }
            }
        }

        return result.ToImmutable();
    }

    private static EntryPoint? FindMinimalApi(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        var name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            _ => null,
        };
        if (name is null || !s_mapVerbs.TryGetValue(name, out var verb) || invocation.ArgumentList.Arguments.Count < 2)
        {
            return null;
        }

        var info = model.GetSymbolInfo(invocation, cancellationToken);
        var target = info.Symbol as IMethodSymbol ?? info.CandidateSymbols.OfType<IMethodSymbol>().FirstOrDefault();
        if (target is null || !IsInNamespace(target.ContainingType, "Microsoft.AspNetCore"))
        {
            return null;
        }

        var handler = invocation.ArgumentList.Arguments[^1].Expression;
        var pattern = invocation.ArgumentList.Arguments
            .Select(a => model.GetConstantValue(a.Expression, cancellationToken))
            .FirstOrDefault(c => c.HasValue && c.Value is string).Value as string ?? "?";
        var display = $"{verb} {pattern}";
        var location = invocation.GetLocation();
        switch (handler)
        {
            case AnonymousFunctionExpressionSyntax lambda:
                return new EntryPoint(display, "minimal API", location, lambda, model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol);
            default:
                var methodInfo = model.GetSymbolInfo(handler, cancellationToken);
                var method = methodInfo.Symbol as IMethodSymbol ?? methodInfo.CandidateSymbols.OfType<IMethodSymbol>().FirstOrDefault();
                if (method?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is { } declaration)
                {
                    return new EntryPoint($"{display} → {method.ContainingType?.Name}.{method.Name}", "minimal API", location, declaration, method);
                }

                return null;
        }
    }

    private static EntryPoint? FindMethodEntry(SemanticModel model, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        if (model.GetDeclaredSymbol(syntax, cancellationToken) is not { } method || method.ContainingType is not { } type)
        {
            return null;
        }

        var kind = Classify(method, type);
        return kind is null ? null : new EntryPoint($"{type.Name}.{method.Name}", kind, syntax.Identifier.GetLocation(), syntax, method);
    }

    private static string? Classify(IMethodSymbol method, INamedTypeSymbol type)
    {
        if (method.GetAttributes().Any(a => a.AttributeClass?.Name == "RequestPathAttribute"))
        {
            return "[RequestPath]";
        }

        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic)
        {
            return null;
        }

        if (method.IsOverride && method.Parameters.Any(p => IsType(p.Type, "Grpc.Core", "ServerCallContext")))
        {
            return "gRPC method";
        }

        if (type.AllInterfaces.Any(i => IsType(i, "Microsoft.AspNetCore.Http", "IMiddleware")) && method.Name == "InvokeAsync")
        {
            return "middleware";
        }

        if (method.Name is "Invoke" or "InvokeAsync" && method.DeclaredAccessibility == Accessibility.Public
            && method.Parameters.Length >= 1 && IsType(method.Parameters[0].Type, "Microsoft.AspNetCore.Http", "HttpContext"))
        {
            return "middleware";
        }

        if (method.DeclaredAccessibility != Accessibility.Public || type.IsAbstract)
        {
            return null;
        }

        if (InheritsFrom(type, "Microsoft.AspNetCore.Mvc.RazorPages", "PageModel"))
        {
            return method.Name.StartsWith("On", StringComparison.Ordinal) ? "Razor Page handler" : null;
        }

        if (InheritsFrom(type, "Microsoft.AspNetCore.SignalR", "Hub"))
        {
            return "SignalR hub method";
        }

        var isController = InheritsFrom(type, "Microsoft.AspNetCore.Mvc", "ControllerBase")
            || type.GetAttributes().Any(a => a.AttributeClass?.Name is "ApiControllerAttribute" or "ControllerAttribute");
        if (isController && !method.GetAttributes().Any(a => a.AttributeClass?.Name == "NonActionAttribute"))
        {
            return "controller action";
        }

        return null;
    }

    private static bool InheritsFrom(INamedTypeSymbol type, string ns, string name)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (IsType(current, ns, name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsType(ITypeSymbol type, string ns, string name)
        => type.Name == name && type.ContainingNamespace?.ToDisplayString() == ns;

    private static bool IsInNamespace(INamedTypeSymbol? type, string prefix)
        => type?.ContainingNamespace?.ToDisplayString().StartsWith(prefix, StringComparison.Ordinal) == true;
}
