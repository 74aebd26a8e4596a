using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Rules;

/// <summary>
/// ADV4004: blocking I/O (a synchronous API with an async twin), a sleep or a synchronous downstream call while a
/// <c>lock</c>, <c>Monitor.Enter</c> or <c>SemaphoreSlim.Wait</c>/<c>WaitAsync</c> is held in the same function.
/// Reported at the blocking call. In-memory streams and readers, and the threading primitives themselves, are not I/O.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LockAcrossBlockingAnalyzer : AdvisorAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ADV4004_LockAcrossBlocking);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        var calls = DownstreamCalls.For(advisor);
        var twins = AsyncTwins.For(advisor);
        context.RegisterOperationAction(c => Analyze(c, advisor, calls, twins), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, AdvisorContext advisor, DownstreamCalls calls, AsyncTwins twins)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var what = ClassifyBlocking(invocation, context.Options, advisor, calls, twins);
        if (what is null)
        {
            return;
        }

        var held = FindHeldLock(invocation, advisor);
        if (held is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.ADV4004_LockAcrossBlocking, invocation.Syntax.GetLocation(), what, held));
    }

    /// <summary>A display name when the call blocks on I/O, sleeps or calls downstream synchronously; else null.</summary>
    private static string? ClassifyBlocking(IInvocationOperation invocation, AnalyzerOptions options, AdvisorContext advisor, DownstreamCalls calls, AsyncTwins twins)
    {
        var method = invocation.TargetMethod;
        var display = method.ContainingType.Name + "." + method.Name;
        if (method.Name == "Sleep" && SymbolEqualityComparer.Default.Equals(method.ContainingType, advisor.Symbols.Thread))
        {
            return display;
        }

        if (advisor.IsAwaitable(method.ReturnType) || advisor.IsAsyncEnumerable(method.ReturnType))
        {
            return null;
        }

        if (calls.Classify(invocation, options) != DownstreamKind.None)
        {
            return display;
        }

        if (IsThreadingOrTask(method.ContainingType) || !twins.TryGetTwin(method, out _))
        {
            return null;
        }

        return IsInMemory(DownstreamCalls.GetReceiver(invocation), advisor) ? null : display;
    }

    private static bool IsThreadingOrTask(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString();
        return ns is "System.Threading" or "System.Threading.Tasks" or "System.Threading.Channels";
    }

    private static bool IsInMemory(IOperation? receiver, AdvisorContext advisor)
    {
        if (receiver?.Type is not { } type)
        {
            return false;
        }

        var symbols = advisor.Symbols;
        return DownstreamCalls.DerivesFrom(type, symbols.MemoryStream) || DownstreamCalls.DerivesFrom(type, symbols.UnmanagedMemoryStream)
               || DownstreamCalls.DerivesFrom(type, symbols.StringReader) || DownstreamCalls.DerivesFrom(type, symbols.StringWriter);
    }

    /// <summary>
    /// "lock", "monitor" or "semaphore" when a lock statement encloses <paramref name="operation"/>, or an earlier statement
    /// of an enclosing block acquires a Monitor or SemaphoreSlim that no statement in between releases; else null.
    /// </summary>
    private static string? FindHeldLock(IOperation operation, AdvisorContext advisor)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case ILockOperation:
                    return "lock";
                case IBlockOperation block:
                    var index = block.Operations.IndexOf(child);
                    for (var i = index - 1; i >= 0; i--)
                    {
                        var statement = block.Operations[i];
                        if (Releases(statement, advisor))
                        {
                            break;
                        }

                        if (Acquires(statement, advisor) is { } kind)
                        {
                            return kind;
                        }
                    }

                    break;
            }
        }

        return null;
    }

    private static string? Acquires(IOperation statement, AdvisorContext advisor)
    {
        if (statement is not IExpressionStatementOperation { Operation: var expression })
        {
            return null;
        }

        if (expression is IAwaitOperation { Operation: var awaited })
        {
            expression = awaited;
            if (expression is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } inner })
            {
                expression = inner;
            }
        }

        if (expression.WalkDownConversions() is not IInvocationOperation invocation)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        if (method.Name is "Enter" or "TryEnter" && SymbolEqualityComparer.Default.Equals(method.ContainingType, advisor.Symbols.Monitor))
        {
            return "monitor";
        }

        if (method.Name is "Wait" or "WaitAsync" && DownstreamCalls.DerivesFrom(method.ContainingType, advisor.Symbols.SemaphoreSlim))
        {
            return "semaphore";
        }

        return null;
    }

    private static bool Releases(IOperation statement, AdvisorContext advisor)
    {
        foreach (var descendant in statement.DescendantsAndSelf())
        {
            if (descendant is IInvocationOperation { TargetMethod: var method }
                && ((method.Name == "Exit" && SymbolEqualityComparer.Default.Equals(method.ContainingType, advisor.Symbols.Monitor))
                    || (method.Name == "Release" && DownstreamCalls.DerivesFrom(method.ContainingType, advisor.Symbols.SemaphoreSlim))))
            {
                return true;
            }
        }

        return false;
    }
}
