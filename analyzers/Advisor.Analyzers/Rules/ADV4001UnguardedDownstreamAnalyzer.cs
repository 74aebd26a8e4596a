using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Rules;

/// <summary>
/// ADV4001: a downstream call in async code with neither a timeout nor a circuit breaker (warning), or with a timeout
/// but no circuit breaker (the same ID at suggestion level). Database commands are not reported: providers give every
/// command a timeout and the connection pool bounds them. The guard name for the fix travels in the properties.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnguardedDownstreamAnalyzer : AdvisorAnalyzer
{
    internal const string GuardNameProperty = "GuardName";
    internal const string TimeoutOnlyProperty = "TimeoutOnly";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.ADV4001_UnguardedDownstream, Descriptors.ADV4001_TimeoutWithoutBreaker);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        var calls = DownstreamCalls.For(advisor);
        var guards = DownstreamGuards.For(advisor);
        context.RegisterOperationAction(c => Analyze(c, advisor, calls, guards), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, AdvisorContext advisor, DownstreamCalls calls, DownstreamGuards guards)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var kind = calls.Classify(invocation, context.Options);
        if (kind is DownstreamKind.None or DownstreamKind.Database)
        {
            return;
        }

        if (!advisor.IsAsyncContext(FunctionContext.GetEnclosingFunction(invocation, context.ContainingSymbol)))
        {
            return;
        }

        var level = guards.Evaluate(invocation, kind, context.CancellationToken);
        if (level == GuardLevel.Guarded)
        {
            return;
        }

        var name = DownstreamCalls.DeriveName(invocation, kind, advisor);
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(GuardNameProperty, name)
            .Add(TimeoutOnlyProperty, level == GuardLevel.TimeoutOnly ? "true" : "false");
        var descriptor = level == GuardLevel.TimeoutOnly ? Descriptors.ADV4001_TimeoutWithoutBreaker : Descriptors.ADV4001_UnguardedDownstream;
        context.ReportDiagnostic(Diagnostic.Create(descriptor, invocation.Syntax.GetLocation(), properties, Display(invocation.TargetMethod), name));
    }

    internal static string Display(IMethodSymbol method)
        => (method.ReducedFrom ?? method).ContainingType.Name + "." + method.Name;
}
