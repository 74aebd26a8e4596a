using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>One function (method body, lambda or local function) of an operation block, with its request-path role.</summary>
internal readonly struct RequestPathFunction
{
    public RequestPathFunction(IMethodSymbol? symbol, IOperation body, RequestPathRole role)
    {
        Symbol = symbol;
        Body = body;
        Role = role;
    }

    public IMethodSymbol? Symbol { get; }

    /// <summary>The body; nested lambdas and local functions are separate functions.</summary>
    public IOperation Body { get; }

    public RequestPathRole Role { get; }
}

/// <summary>Shared plumbing of the CPU (ADV1xxx) and scale (ADV3xxx) rules: settings, the model, the helper summary.</summary>
internal static class CpuRequestPath
{
    /// <summary>Every function in the operation blocks of <paramref name="owner"/>, with its role on the request path.</summary>
    public static List<RequestPathFunction> GetFunctions(System.Collections.Immutable.ImmutableArray<IOperation> blocks, ISymbol owner, RequestPath model, bool asyncContexts)
    {
        var result = new List<RequestPathFunction>();
        var ownerMethod = owner as IMethodSymbol;
        foreach (var block in blocks)
        {
            if (ownerMethod is not null && block is IBlockOperation or IMethodBodyOperation or IConstructorBodyOperation)
            {
                result.Add(new RequestPathFunction(ownerMethod, block, model.GetRole(block, owner, asyncContexts)));
            }

            var stack = new Stack<IOperation>();
            stack.Push(block);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                foreach (var child in current.ChildOperations)
                {
                    switch (child)
                    {
                        case IAnonymousFunctionOperation lambda:
                            result.Add(new RequestPathFunction(lambda.Symbol, lambda.Body, model.GetRole(lambda.Body, owner, asyncContexts)));
                            break;
                        case ILocalFunctionOperation { Body: { } body } localFunction:
                            result.Add(new RequestPathFunction(localFunction.Symbol, body, model.GetRole(body, owner, asyncContexts)));
                            break;
                    }

                    stack.Push(child);
                }
            }
        }

        return result;
    }

    public static bool AsyncContextsAreRequestPath(AnalyzerOptions options, SyntaxTree tree)
        => OptionsCache.GetBool(options, tree, RequestPath.AsyncContextsKey, defaultValue: true);

    /// <summary>
    /// The transitive "runs CPU-bound work" summary over synchronous methods of the compilation, shared by every
    /// analyzer and computed once per compilation and settings.
    /// </summary>
    public static TransitiveSummary GetSummary(AdvisorContext context, CpuSettings settings, CancellationToken cancellationToken)
        => context.GetSummary(
            "CpuSummary|" + settings.Key,
            (c, _) =>
            {
                var model = new CpuCostModel(c, settings);
                return new TransitiveSummary(
                    c,
                    (method, body, token) => model.FindFirst(method, body, token) is { } finding
                        ? new DirectFinding(finding.Description, finding.Location, finding.Reason)
                        : null,
                    method => IsFollowedHelper(c, method));
            },
            cancellationToken);

    /// <summary>Synchronous, ordinary source methods outside background and startup code.</summary>
    public static bool IsFollowedHelper(AdvisorContext context, IMethodSymbol method)
        => method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.LocalFunction
           && !context.IsAsyncContext(method)
           && !RequestPath.IsBackgroundOrStartup(method, context);

    /// <summary>Wraps a model per compilation and tree settings.</summary>
    public static CpuCostModel GetModel(AdvisorContext context, CpuSettings settings)
        => context.GetSummary("CpuModel|" + settings.Key, (c, _) => new CpuCostModel(c, settings), CancellationToken.None);

    /// <summary>True when <paramref name="operation"/> lies inside (or is) one of the findings' operations.</summary>
    public static bool IsInside(IOperation operation, List<CpuFinding> findings)
    {
        var span = operation.Syntax.Span;
        foreach (var finding in findings)
        {
            if (finding.Operation.Syntax.SyntaxTree == operation.Syntax.SyntaxTree && finding.Operation.Syntax.Span.Contains(span))
            {
                return true;
            }
        }

        return false;
    }

    public static IEnumerable<IOperation> Operations(IOperation body) => TaskCompletion.EnumerateFunctionOperations(body);

    public static T? FirstOrDefault<T>(List<T> list, Func<T, bool> predicate)
        where T : class
    {
        foreach (var item in list)
        {
            if (predicate(item))
            {
                return item;
            }
        }

        return null;
    }
}
