using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Tests.Robustness;

// A test-only analyzer, never shipped or loaded by a compiler: the packaging rules for analyzers do not apply.
#pragma warning disable RS1036, RS1038, RS1041, RS2008

/// <summary>
/// An analyzer that reports nothing and runs next to Advisor's in the same driver: it remembers (weakly) the
/// compilation the analyzers were given and counts the operations the driver has handed out, so a test knows that
/// analysis is under way.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class CompilationProbe : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_never = new("PROBE01", "Probe", "Probe", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
    private int _operations;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(s_never);

    public WeakReference? AnalyzedCompilation { get; private set; }

    public int Operations => Volatile.Read(ref _operations);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            AnalyzedCompilation = new WeakReference(start.Compilation);
            start.RegisterOperationAction(_ => Interlocked.Increment(ref _operations), OperationKind.Invocation);
        });
    }
}
