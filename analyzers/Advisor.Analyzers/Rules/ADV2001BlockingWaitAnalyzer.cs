using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Rules;

/// <summary>The shape of a blocking wait; travels to the code fix in the diagnostic's properties.</summary>
internal enum BlockingWaitKind
{
    /// <summary><c>task.Result</c>.</summary>
    Result,

    /// <summary><c>task.Wait()</c>.</summary>
    Wait,

    /// <summary><c>task.Wait(cancellationToken)</c>.</summary>
    WaitWithToken,

    /// <summary><c>task.Wait(timeout)</c>, returning bool.</summary>
    WaitWithTimeout,

    /// <summary><c>task.GetAwaiter().GetResult()</c> or <c>task.ConfigureAwait(x).GetAwaiter().GetResult()</c>.</summary>
    GetResult,

    /// <summary><c>Task.WaitAll(...)</c>.</summary>
    WaitAll,

    /// <summary><c>Task.WaitAny(...)</c>.</summary>
    WaitAny,
}

/// <summary>
/// ADV2001: a synchronous wait on a task (<c>.Result</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c>,
/// <c>Task.WaitAll</c>, <c>Task.WaitAny</c>) inside an async context, unless the task is provably complete.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingWaitAnalyzer : AdvisorAnalyzer
{
    internal const string KindProperty = "Kind";

    private static readonly ImmutableDictionary<string, string?>[] s_properties = CreateProperties();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ADV2001_BlockingWait);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        context.RegisterOperationAction(c => AnalyzePropertyReference(c, advisor), OperationKind.PropertyReference);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, advisor), OperationKind.Invocation);
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context, AdvisorContext advisor)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.Name != "Result" || reference.Instance is null || !advisor.IsTaskLike(reference.Property.ContainingType))
        {
            return;
        }

        // `.Result` as an assignment target cannot occur on tasks; nameof(t.Result) is not a read.
        if (reference.Parent is INameOfOperation)
        {
            return;
        }

        Report(context, advisor, reference, reference.Instance, BlockingWaitKind.Result, ".Result");
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, AdvisorContext advisor)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Wait" when invocation.Instance is { } instance && advisor.IsTaskLike(method.ContainingType):
            {
                if (IsZeroTimeoutProbe(invocation))
                {
                    return;
                }

                var kind = ClassifyWait(invocation, advisor);
                Report(context, advisor, invocation, instance, kind, ".Wait()");
                return;
            }

            case "GetResult" when invocation.Instance is { } awaiter && IsTaskAwaiter(method.ContainingType, advisor):
            {
                // task.GetAwaiter().GetResult() / task.ConfigureAwait(false).GetAwaiter().GetResult()
                if (awaiter.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitable })
                {
                    Report(context, advisor, invocation, awaitable, BlockingWaitKind.GetResult, ".GetAwaiter().GetResult()");
                }

                return;
            }

            case "WaitAll" or "WaitAny" when invocation.Instance is null && SymbolEqualityComparer.Default.Equals(method.ContainingType, advisor.Symbols.Task):
            {
                if (IsZeroTimeoutProbe(invocation))
                {
                    return;
                }

                var isAll = method.Name == "WaitAll";
                if (!IsAsyncContext(context, advisor, invocation) || AllTasksComplete(invocation, advisor))
                {
                    return;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ADV2001_BlockingWait,
                    invocation.Syntax.GetLocation(),
                    s_properties[(int)(isAll ? BlockingWaitKind.WaitAll : BlockingWaitKind.WaitAny)],
                    isAll ? "Task.WaitAll" : "Task.WaitAny"));
                return;
            }
        }
    }

    private static void Report(OperationAnalysisContext context, AdvisorContext advisor, IOperation use, IOperation task, BlockingWaitKind kind, string display)
    {
        if (!IsAsyncContext(context, advisor, use) || TaskCompletion.IsProvablyComplete(task, use, advisor))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.ADV2001_BlockingWait, use.Syntax.GetLocation(), s_properties[(int)kind], display));
    }

    private static bool IsAsyncContext(OperationAnalysisContext context, AdvisorContext advisor, IOperation operation)
        => advisor.IsAsyncContext(FunctionContext.GetEnclosingFunction(operation, context.ContainingSymbol));

    private static BlockingWaitKind ClassifyWait(IInvocationOperation invocation, AdvisorContext advisor)
    {
        var parameters = invocation.TargetMethod.Parameters;
        if (parameters.Length == 0)
        {
            return BlockingWaitKind.Wait;
        }

        if (parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(parameters[0].Type, advisor.Symbols.CancellationToken))
        {
            return BlockingWaitKind.WaitWithToken;
        }

        return BlockingWaitKind.WaitWithTimeout;
    }

    /// <summary><c>t.Wait(0)</c>, <c>Task.WaitAny(tasks, 0)</c>, <c>TimeSpan.Zero</c>: a non-blocking poll, not a wait.</summary>
    private static bool IsZeroTimeoutProbe(IInvocationOperation invocation) => Timeouts.HasZeroTimeout(invocation);

    private static bool AllTasksComplete(IInvocationOperation invocation, AdvisorContext advisor)
    {
        var sawTask = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type is not IArrayTypeSymbol)
            {
                continue;
            }

            var value = argument.Value.WalkDownConversions();
            if (value is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    sawTask = true;
                    if (!TaskCompletion.IsProvablyComplete(element, invocation, advisor))
                    {
                        return false;
                    }
                }
            }
            else
            {
                return false;
            }
        }

        return sawTask;
    }

    private static bool IsTaskAwaiter(INamedTypeSymbol? type, AdvisorContext advisor)
    {
        if (type is null)
        {
            return false;
        }

        var original = type.OriginalDefinition;
        var symbols = advisor.Symbols;
        return Same(original, symbols.TaskAwaiter) || Same(original, symbols.TaskAwaiterOfT)
               || Same(original, symbols.ValueTaskAwaiter) || Same(original, symbols.ValueTaskAwaiterOfT)
               || Same(original, symbols.ConfiguredTaskAwaiter) || Same(original, symbols.ConfiguredTaskAwaiterOfT)
               || Same(original, symbols.ConfiguredValueTaskAwaiter) || Same(original, symbols.ConfiguredValueTaskAwaiterOfT);

        static bool Same(INamedTypeSymbol left, INamedTypeSymbol? right) => right is not null && SymbolEqualityComparer.Default.Equals(left, right);
    }

    private static ImmutableDictionary<string, string?>[] CreateProperties()
    {
        var values = (BlockingWaitKind[])System.Enum.GetValues(typeof(BlockingWaitKind));
        var result = new ImmutableDictionary<string, string?>[values.Length];
        foreach (var value in values)
        {
            result[(int)value] = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, value.ToString());
        }

        return result;
    }
}
