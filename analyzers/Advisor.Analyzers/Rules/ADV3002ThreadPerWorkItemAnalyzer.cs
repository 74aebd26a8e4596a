using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Rules;

/// <summary>
/// ADV3002: a dedicated thread created per request or per loop item: <c>new Thread(...)</c>, or a task created with
/// <c>TaskCreationOptions.LongRunning</c> (<c>Task.Factory.StartNew</c>, <c>new Task</c>). "Per request": in
/// request-path code. "Per loop item": inside a <c>foreach</c>, <c>while</c> or <c>do</c> loop anywhere (a counted
/// <c>for</c> loop that starts a fixed set of workers is left alone), except in startup code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThreadPerWorkItemAnalyzer : AdvisorAnalyzer
{
    internal const string KindProperty = "Kind";
    internal const string ThreadKind = "Thread";
    internal const string LongRunningKind = "LongRunning";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ADV3002_ThreadPerWorkItem);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        context.RegisterOperationAction(c => AnalyzeCreation(c, advisor), OperationKind.ObjectCreation);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, advisor), OperationKind.Invocation);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, AdvisorContext advisor)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var type = creation.Type?.OriginalDefinition;
        if (type is null)
        {
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, advisor.Symbols.Thread))
        {
            Report(context, advisor, creation, "'new Thread'", ThreadKind);
        }
        else if ((SymbolEqualityComparer.Default.Equals(type, advisor.Symbols.Task) || SymbolEqualityComparer.Default.Equals(type, advisor.Symbols.TaskOfT))
                 && HasLongRunning(creation.Arguments, advisor))
        {
            Report(context, advisor, creation, "'new Task' with LongRunning", LongRunningKind);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, AdvisorContext advisor)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var type = invocation.TargetMethod.ContainingType?.OriginalDefinition;
        if (invocation.TargetMethod.Name is "StartNew" or "ContinueWith"
            && (SymbolEqualityComparer.Default.Equals(type, advisor.Symbols.TaskFactory) || SymbolEqualityComparer.Default.Equals(type, advisor.Symbols.TaskFactoryOfT)
                || SymbolEqualityComparer.Default.Equals(type, advisor.Symbols.Task) || SymbolEqualityComparer.Default.Equals(type, advisor.Symbols.TaskOfT))
            && HasLongRunning(invocation.Arguments, advisor))
        {
            Report(context, advisor, invocation, "'" + (invocation.TargetMethod.Name == "StartNew" ? "Task.Factory.StartNew" : "ContinueWith") + "' with LongRunning", LongRunningKind);
        }
    }

    private static bool HasLongRunning(ImmutableArray<IArgumentOperation> arguments, AdvisorContext advisor)
    {
        foreach (var argument in arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, advisor.Symbols.TaskCreationOptions)
                && argument.Value.ConstantValue is { HasValue: true, Value: int flags }
                && (flags & 2) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, AdvisorContext advisor, IOperation creation, string display, string kind)
    {
        var model = RequestPath.For(advisor, context.Options, context.CancellationToken);
        var asyncContexts = CpuRequestPath.AsyncContextsAreRequestPath(context.Options, creation.Syntax.SyntaxTree);
        var role = model.GetRole(creation, context.ContainingSymbol, asyncContexts);
        string where;
        if (role != RequestPathRole.None)
        {
            where = "per request";
        }
        else if (IsInItemLoop(creation) && !(context.ContainingSymbol is IMethodSymbol method && IsStartupOnly(method)))
        {
            where = "per loop item";
        }
        else
        {
            return;
        }

        var advice = kind == ThreadKind
            ? "use async I/O, Offload.Cpu for CPU work or Offload.Blocking for blocking calls"
            : "use Offload.Blocking (bounded dedicated threads) or Offload.Cpu instead";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ADV3002_ThreadPerWorkItem,
            creation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind),
            display,
            where,
            advice));
    }

    private static bool IsStartupOnly(IMethodSymbol method)
        => (method.IsStatic && method.Name is "Main" or "<Main>$") || (method.ContainingType?.Name == "Startup" && method.Name is "Configure" or "ConfigureServices");

    // Inside a foreach/while/do loop of the same function: one thread per item or per iteration of an open loop.
    private static bool IsInItemLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IForEachLoopOperation or IWhileLoopOperation:
                    return true;
            }
        }

        return false;
    }
}
