using System.Collections.Generic;
using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Rules;

/// <summary>
/// ADV4003: <c>Task.WhenAll</c> over downstream calls with no deadline: the result is not awaited through
/// <c>WaitAsync(TimeSpan)</c>, the fan-out does not run inside a resilience delegate or <c>ScatterGather</c>, and at
/// least one of its calls has no timeout of its own (token, registration, pipeline). The tasks are found in the
/// arguments: direct calls, arrays, <c>items.Select(x => call)</c>, and locals (initializers and <c>Add</c> calls).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FanOutWithoutDeadlineAnalyzer : AdvisorAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ADV4003_FanOutWithoutDeadline);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        var calls = DownstreamCalls.For(advisor);
        var guards = DownstreamGuards.For(advisor);
        context.RegisterOperationAction(c => Analyze(c, advisor, calls, guards), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, AdvisorContext advisor, DownstreamCalls calls, DownstreamGuards guards)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "WhenAll" || !method.IsStatic || !SymbolEqualityComparer.Default.Equals(method.ContainingType, advisor.Symbols.Task))
        {
            return;
        }

        if (guards.IsInsideResilienceDelegate(invocation) || guards.IsInsideScatterGather(invocation) || HasDeadline(invocation, advisor))
        {
            return;
        }

        var found = new List<IInvocationOperation>();
        foreach (var argument in invocation.Arguments)
        {
            Collect(argument.Value, found, calls, context.Options, depth: 0);
        }

        IInvocationOperation? unguarded = null;
        foreach (var call in found)
        {
            var kind = calls.Classify(call, context.Options);
            if (kind == DownstreamKind.Database)
            {
                return;
            }

            if (guards.Evaluate(call, kind, context.CancellationToken) == GuardLevel.None)
            {
                unguarded ??= call;
            }
        }

        if (unguarded is null)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(FanOut.DeadlineProperty, FanOut.GetDeadlineMs(context.Options, invocation.Syntax.SyntaxTree).ToString(System.Globalization.CultureInfo.InvariantCulture));
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ADV4003_FanOutWithoutDeadline,
            invocation.Syntax.GetLocation(),
            properties,
            UnguardedDownstreamAnalyzer.Display(unguarded.TargetMethod)));
    }

    /// <summary><c>Task.WhenAll(...).WaitAsync(TimeSpan, ...)</c>.</summary>
    private static bool HasDeadline(IInvocationOperation whenAll, AdvisorContext advisor)
    {
        var parent = whenAll.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        if (parent is IInvocationOperation { TargetMethod.Name: "WaitAsync" } wait)
        {
            foreach (var parameter in wait.TargetMethod.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, advisor.Symbols.TimeSpan))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void Collect(IOperation? value, List<IInvocationOperation> found, DownstreamCalls calls, AnalyzerOptions options, int depth)
    {
        value = FanOut.StripConfigureAwait(value);
        if (value is null || depth > 4)
        {
            return;
        }

        switch (value)
        {
            case IInvocationOperation invocation when calls.Classify(invocation, options) != DownstreamKind.None:
                found.Add(invocation);
                return;
            case IInvocationOperation { TargetMethod.Name: "Select" or "ToArray" or "ToList" or "AsTask" } linq:
                foreach (var argument in linq.Arguments)
                {
                    Collect(argument.Value, found, calls, options, depth + 1);
                }

                if (linq.Instance is { } instance)
                {
                    Collect(instance, found, calls, options, depth + 1);
                }

                return;
            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                foreach (var descendant in FanOut.SameFunctionDescendants(lambda.Body))
                {
                    if (descendant is IReturnOperation { ReturnedValue: { } returned })
                    {
                        Collect(returned, found, calls, options, depth + 1);
                    }
                    else if (descendant is IAwaitOperation awaited)
                    {
                        Collect(awaited.Operation, found, calls, options, depth + 1);
                    }
                }

                return;
            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    Collect(element, found, calls, options, depth + 1);
                }

                return;
            case { Kind: OperationKind.None }:
            case { } when value.Kind.ToString() == "CollectionExpression":
                // Collection expressions ([a, b]) have no operation interface in Roslyn 4.8: look at their elements.
                foreach (var child in value.ChildOperations)
                {
                    Collect(child, found, calls, options, depth + 1);
                }

                return;
            case ILocalReferenceOperation local:
                CollectLocal(local, found, calls, options, depth);
                return;
        }
    }

    private static void CollectLocal(ILocalReferenceOperation local, List<IInvocationOperation> found, DownstreamCalls calls, AnalyzerOptions options, int depth)
    {
        var root = (IOperation)local;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        foreach (var descendant in root.Descendants())
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local) && declarator.Initializer is { } initializer:
                    Collect(initializer.Value, found, calls, options, depth + 1);
                    break;
                case IInvocationOperation { TargetMethod.Name: "Add", Instance: ILocalReferenceOperation target } add
                    when SymbolEqualityComparer.Default.Equals(target.Local, local.Local) && add.Arguments.Length == 1:
                    Collect(add.Arguments[0].Value, found, calls, options, depth + 1);
                    break;
            }
        }
    }
}
