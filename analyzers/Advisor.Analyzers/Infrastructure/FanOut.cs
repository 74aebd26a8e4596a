using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>Shared by ADV4002 and ADV4003 (and their fixes): the fan-out deadline key and helpers.</summary>
internal static class FanOut
{
    /// <summary>The <c>.editorconfig</c> key with the deadline, in milliseconds, the fixes give a fan-out (default 1000).</summary>
    public const string DeadlineKey = "advisor.fan_out.deadline_ms";

    public const int DefaultDeadlineMs = 1000;

    /// <summary>The diagnostic property carrying the configured deadline to the fixer.</summary>
    public const string DeadlineProperty = "DeadlineMs";

    public static int GetDeadlineMs(AnalyzerOptions options, SyntaxTree tree)
    {
        var value = OptionsCache.GetInt(options, tree, DeadlineKey, DefaultDeadlineMs);
        return value > 0 ? value : DefaultDeadlineMs;
    }

    /// <summary>The awaited expression without <c>.ConfigureAwait(...)</c> and conversions.</summary>
    public static IOperation? StripConfigureAwait(IOperation? operation)
    {
        operation = operation.WalkDownConversions();
        if (operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } inner })
        {
            return inner.WalkDownConversions();
        }

        return operation;
    }

    /// <summary>Descendants of <paramref name="root"/> that run in the same function (nested lambdas and local functions skipped).</summary>
    public static IEnumerable<IOperation> SameFunctionDescendants(IOperation root, bool skipNestedLoops = false)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            foreach (var child in current.ChildOperations)
            {
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation || (skipNestedLoops && child is ILoopOperation))
                {
                    continue;
                }

                yield return child;
                stack.Push(child);
            }
        }
    }
}
