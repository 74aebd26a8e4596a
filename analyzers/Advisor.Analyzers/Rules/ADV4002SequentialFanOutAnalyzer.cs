using System.Collections.Generic;
using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Rules;

/// <summary>
/// ADV4002: a <c>foreach</c> or <c>for</c> loop that awaits independent downstream calls one by one. Independence is
/// checked on the data flow of the loop body:
/// <list type="bullet">
/// <item>a call's receiver and arguments may read the loop variable, loop-invariant values (locals, parameters and fields
/// the loop does not write) and body locals computed only from those, never a value the loop writes or accumulates;</item>
/// <item>the awaited result may only be discarded or accumulated (<c>list.Add(r)</c>, <c>dict[k] = r</c>, <c>sum += r</c>),
/// never tested, returned or fed into a later call;</item>
/// <item>the loop does not <c>break</c>, <c>return</c> or <c>yield</c>;</item>
/// <item>no call goes through a <c>DbContext</c>, <c>DbConnection</c> or <c>DbCommand</c> (one connection runs one command at a time).</item>
/// </list>
/// Reported at the loop keyword.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SequentialFanOutAnalyzer : AdvisorAnalyzer
{
    private static readonly ImmutableHashSet<string> s_accumulators = ImmutableHashSet.Create(
        System.StringComparer.Ordinal, "Add", "AddRange", "Enqueue", "Push", "TryAdd", "Append", "AppendLine", "Write", "WriteLine", "Post");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ADV4002_SequentialFanOut);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        var calls = DownstreamCalls.For(advisor);
        var guards = DownstreamGuards.For(advisor);
        context.RegisterOperationAction(c => Analyze(c, advisor, calls, guards), OperationKind.Loop);
    }

    private static void Analyze(OperationAnalysisContext context, AdvisorContext advisor, DownstreamCalls calls, DownstreamGuards guards)
    {
        var loop = (ILoopOperation)context.Operation;
        Location location;
        switch (loop)
        {
            case IForEachLoopOperation { IsAsynchronous: false, Syntax: ForEachStatementSyntax syntax }:
                location = syntax.ForEachKeyword.GetLocation();
                break;
            case IForEachLoopOperation { IsAsynchronous: false, Syntax: ForEachVariableStatementSyntax variableSyntax }:
                location = variableSyntax.ForEachKeyword.GetLocation();
                break;
            case IForLoopOperation { Syntax: ForStatementSyntax forSyntax }:
                location = forSyntax.ForKeyword.GetLocation();
                break;
            default:
                return;
        }

        if (guards.IsInsideResilienceDelegate(loop) || guards.IsInsideScatterGather(loop))
        {
            return;
        }

        var body = loop.Body;
        var loopVariables = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var local in loop.Locals)
        {
            loopVariables.Add(local);
        }

        // One pass over the body: awaited downstream calls, writes, body locals, exits.
        var awaited = new List<(IAwaitOperation Await, IInvocationOperation Call)>();
        var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var declared = new Dictionary<ISymbol, IOperation?>(SymbolEqualityComparer.Default);
        foreach (var operation in FanOut.SameFunctionDescendants(body))
        {
            switch (operation)
            {
                case IAwaitOperation awaitOperation when !IsInNestedLoop(awaitOperation, loop):
                    if (FanOut.StripConfigureAwait(awaitOperation.Operation) is IInvocationOperation call)
                    {
                        var kind = calls.Classify(call, context.Options);
                        if (kind == DownstreamKind.Database)
                        {
                            return;
                        }

                        if (kind != DownstreamKind.None)
                        {
                            awaited.Add((awaitOperation, call));
                        }
                    }

                    break;
                case IBranchOperation { BranchKind: BranchKind.Break } branch when SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel):
                case IReturnOperation:
                    return;
                case IVariableDeclaratorOperation declarator:
                    declared[declarator.Symbol] = declarator.Initializer?.Value;
                    break;
                case IAssignmentOperation assignment:
                    AddWritten(assignment.Target, written);
                    break;
                case IIncrementOrDecrementOperation increment:
                    AddWritten(increment.Target, written);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byRef:
                    AddWritten(byRef.Value, written);
                    break;
            }
        }

        if (awaited.Count == 0)
        {
            return;
        }

        // Results: discarded or accumulated; the accumulators become off-limits for arguments.
        var accumulators = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (awaitOperation, _) in awaited)
        {
            if (!IsAccumulated(awaitOperation, body, declared, accumulators))
            {
                return;
            }
        }

        foreach (var (_, call) in awaited)
        {
            if (UsesDatabase(call, advisor)
                || !IsIndependent(call, loopVariables, written, declared, accumulators, depth: 0))
            {
                return;
            }
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(FanOut.DeadlineProperty, FanOut.GetDeadlineMs(context.Options, loop.Syntax.SyntaxTree).ToString(System.Globalization.CultureInfo.InvariantCulture));
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.ADV4002_SequentialFanOut, location, properties, UnguardedDownstreamAnalyzer.Display(awaited[0].Call.TargetMethod)));
    }

    private static bool IsInNestedLoop(IOperation operation, ILoopOperation loop)
    {
        for (var current = operation.Parent; current is not null && current != loop; current = current.Parent)
        {
            if (current is ILoopOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddWritten(IOperation? target, HashSet<ISymbol> written)
    {
        switch (target.WalkDownConversions())
        {
            case ILocalReferenceOperation local:
                written.Add(local.Local);
                break;
            case IParameterReferenceOperation parameter:
                written.Add(parameter.Parameter);
                break;
            case IFieldReferenceOperation field:
                written.Add(field.Field);
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                written.Add(property.Property);
                break;
            case ITupleOperation tuple:
                foreach (var element in tuple.Elements)
                {
                    AddWritten(element, written);
                }

                break;
        }
    }

    /// <summary>
    /// True when the call's receiver chain (<c>db.Orders.Where(...).FirstOrDefaultAsync()</c>) or an argument goes through
    /// a DbContext, DbSet, DbConnection or DbCommand: one context or connection runs one command at a time.
    /// </summary>
    private static bool UsesDatabase(IInvocationOperation call, AdvisorContext advisor)
    {
        var symbols = advisor.Symbols;
        foreach (var argument in call.Arguments)
        {
            if (IsDatabaseChain(argument.Value, symbols))
            {
                return true;
            }
        }

        return IsDatabaseChain(call.Instance, symbols);

        static bool IsDatabaseChain(IOperation? operation, KnownSymbols symbols)
        {
            for (var depth = 0; operation is not null && depth < 16; depth++)
            {
                operation = operation.WalkDownConversions();
                var type = operation?.Type;
                if (DownstreamCalls.DerivesFrom(type, symbols.DbConnection) || DownstreamCalls.DerivesFrom(type, symbols.DbCommand)
                    || DownstreamCalls.DerivesFrom(type, symbols.EfDbContext) || DownstreamCalls.DerivesFrom(type, symbols.EfDbSetOfT))
                {
                    return true;
                }

                operation = operation switch
                {
                    IInvocationOperation invocation => invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null),
                    IPropertyReferenceOperation property => property.Instance,
                    IFieldReferenceOperation field => field.Instance,
                    _ => null,
                };
            }

            return false;
        }
    }

    /// <summary>Every value the call reads is the loop variable, loop-invariant, or a body local computed from those.</summary>
    private static bool IsIndependent(IOperation operation, HashSet<ISymbol> loopVariables, HashSet<ISymbol> written, Dictionary<ISymbol, IOperation?> declared, HashSet<ISymbol> accumulators, int depth)
    {
        if (depth > 4)
        {
            return false;
        }

        foreach (var node in operation.DescendantsAndSelf())
        {
            ISymbol? symbol = node switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property,
                _ => null,
            };

            if (node is IAwaitOperation)
            {
                return false;
            }

            if (symbol is null || loopVariables.Contains(symbol))
            {
                continue;
            }

            if (accumulators.Contains(symbol))
            {
                return false;
            }

            if (declared.TryGetValue(symbol, out var initializer))
            {
                // A body local: fresh each iteration; independent when its initializer is and nothing reassigns it.
                if (initializer is null || written.Contains(symbol) || !IsIndependent(initializer, loopVariables, written, declared, accumulators, depth + 1))
                {
                    return false;
                }

                continue;
            }

            if (written.Contains(symbol))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The awaited value is discarded, or only flows into an accumulator (recorded in <paramref name="accumulators"/>).</summary>
    private static bool IsAccumulated(IAwaitOperation awaitOperation, IOperation body, Dictionary<ISymbol, IOperation?> declared, HashSet<ISymbol> accumulators)
    {
        IOperation value = awaitOperation;
        var parent = value.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            value = parent;
            parent = parent.Parent;
        }

        if (parent is IExpressionStatementOperation)
        {
            return true;
        }

        if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            // var r = await call; every later use of r must be an accumulation.
            foreach (var use in FanOut.SameFunctionDescendants(body))
            {
                if (use is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol)
                    && !FlowsIntoAccumulator(local, body, accumulators))
                {
                    return false;
                }
            }

            return true;
        }

        return FlowsIntoAccumulator(awaitOperation, body, accumulators);
    }

    private static bool FlowsIntoAccumulator(IOperation value, IOperation body, HashSet<ISymbol> accumulators)
    {
        for (var current = value.Parent; current is not null && current != body; current = current.Parent)
        {
            switch (current)
            {
                case IArgumentOperation { Parent: IInvocationOperation invocation } when s_accumulators.Contains(invocation.TargetMethod.Name):
                    return AddAccumulator(DownstreamCalls.GetReceiver(invocation), accumulators);
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer }:
                    return AddAccumulator(indexer.Instance, accumulators);
                case ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation element }:
                    return AddAccumulator(element.ArrayReference, accumulators);
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Or or BinaryOperatorKind.And } compound:
                    return AddAccumulator(compound.Target, accumulators);
                case IExpressionStatementOperation or IBlockOperation or IConditionalOperation or IVariableDeclarationGroupOperation:
                    return false;
            }
        }

        return false;
    }

    private static bool AddAccumulator(IOperation? target, HashSet<ISymbol> accumulators)
    {
        switch (target.WalkDownConversions())
        {
            case ILocalReferenceOperation local:
                accumulators.Add(local.Local);
                return true;
            case IFieldReferenceOperation field:
                accumulators.Add(field.Field);
                return true;
            case IPropertyReferenceOperation property:
                accumulators.Add(property.Property);
                return true;
            case IParameterReferenceOperation parameter:
                accumulators.Add(parameter.Parameter);
                return true;
            default:
                return false;
        }
    }

}
