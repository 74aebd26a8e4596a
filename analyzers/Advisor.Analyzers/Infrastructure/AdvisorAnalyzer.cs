using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// Base class of every Advisor analyzer: concurrent execution, no generated code, and a per-compilation
/// <see cref="AdvisorContext"/>. Analyzers override <see cref="IsRelevant"/> to skip compilations that cannot
/// contain their pattern (no Task type, no ASP.NET Core, ...) before registering any per-operation work.
/// </summary>
public abstract class AdvisorAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var advisor = AdvisorContext.For(start.Compilation);
            if (IsRelevant(advisor))
            {
                OnCompilationStart(start, advisor);
            }
        });
    }

    /// <summary>False skips the compilation entirely. By default: the compilation knows <c>System.Threading.Tasks.Task</c>.</summary>
    internal virtual bool IsRelevant(AdvisorContext advisor) => advisor.Symbols.Task is not null;

    internal abstract void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor);
}
