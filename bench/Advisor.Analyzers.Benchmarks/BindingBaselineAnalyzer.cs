using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Benchmarks;

/// <summary>
/// The baseline for Advisor's incremental cost: an analyzer that registers an empty operation-block action and reports
/// nothing. With it the driver binds every method body into operations, as it does for any operation-based analyzer
/// (the SDK's default CA rules included). Advisor's summaries bind bodies through the same cached semantic models, so
/// Roslyn's telemetry charges that binding to whichever analyzer asks first; the CPU time of a run with Advisor minus
/// the CPU time of a run with this baseline alone is what Advisor adds to such a build.
/// </summary>
// Runs in this process only (never loaded by a compiler or shipped): the extension-assembly rules do not apply.
#pragma warning disable RS1036, RS1041, RS2008
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class BindingBaselineAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_never = new(
        "BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(s_never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationBlockAction(static _ => { });
    }
}
#pragma warning restore RS1036, RS1041, RS2008
