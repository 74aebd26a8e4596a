using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// Decides whether a task is provably complete where it is read synchronously, so that reading its result
/// cannot block: the task is an already-completed value, it was awaited earlier in the same function (alone,
/// or inside an awaited <c>Task.WhenAll</c>), or the read is guarded by <c>IsCompleted</c>-style checks.
/// The analysis is deliberately conservative in one direction only: when in doubt it says "complete", because
/// a missed blocking wait costs less trust than a false alarm.
/// </summary>
internal static class TaskCompletion
{
    public static bool IsProvablyComplete(IOperation task, IOperation use, AdvisorContext advisor)
    {
        task = StripConfigureAwait(task.WalkDownConversions()!, advisor);
        if (IsCompletedValue(task, advisor))
        {
            return true;
        }

        var body = FunctionContext.GetEnclosingBody(use);
        if (ReferencePath.TryCreate(task, out var path))
        {
            if (IsLocalOnlyAssignedCompletedValues(path, body, advisor)
                || IsAwaitedBefore(path, use, body, advisor, whenAllOnly: false)
                || IsGuardedByCompletionCheck(path, use))
            {
                return true;
            }
        }

        // An element of a collection that was awaited as a whole: tasks[i], list[i], foreach (var t in tasks).
        var collection = GetContainingCollection(task, use);
        return collection is not null
               && ReferencePath.TryCreate(collection, out var collectionPath)
               && IsAwaitedBefore(collectionPath, use, body, advisor, whenAllOnly: true);
    }

    /// <summary><c>t.ConfigureAwait(x)</c> and <c>t.WaitAsync(...)</c> complete together with <c>t</c>.</summary>
    public static IOperation StripConfigureAwait(IOperation operation, AdvisorContext advisor)
    {
        while (operation is IInvocationOperation { Instance: { } instance } invocation
               && invocation.TargetMethod.Name is "ConfigureAwait" or "WaitAsync"
               && advisor.IsTaskLike(instance.Type))
        {
            operation = instance.WalkDownConversions()!;
        }

        return operation;
    }

    /// <summary>Task.FromResult, Task.CompletedTask, ValueTask.FromResult, new ValueTask&lt;T&gt;(value), default(ValueTask).</summary>
    public static bool IsCompletedValue(IOperation? operation, AdvisorContext advisor)
    {
        operation = operation.WalkDownConversions();
        switch (operation)
        {
            case IInvocationOperation { Instance: null } invocation
                when invocation.TargetMethod.Name is "FromResult" or "FromException" or "FromCanceled"
                     && advisor.IsTaskLike(invocation.TargetMethod.ContainingType):
                return true;
            case IPropertyReferenceOperation { Instance: null, Property.Name: "CompletedTask" } property
                when advisor.IsTaskLike(property.Property.ContainingType):
                return true;
            case IObjectCreationOperation { Constructor: { } constructor } creation
                when advisor.IsTaskLike(constructor.ContainingType):
                // new ValueTask<T>(result) is complete; new ValueTask(task) / new ValueTask(source, token) are not.
                return creation.Arguments.Length == 1
                       && !advisor.IsTaskLike(constructor.Parameters[0].Type)
                       && constructor.Parameters[0].Type.TypeKind != TypeKind.Interface;
            case IDefaultValueOperation defaultValue when advisor.IsTaskLike(defaultValue.Type) && defaultValue.Type!.IsValueType:
                return true;
            default:
                return false;
        }
    }

    private static bool IsLocalOnlyAssignedCompletedValues(ReferencePath path, IOperation body, AdvisorContext advisor)
    {
        if (path.Root is not ILocalSymbol local || path.Leaf is not ILocalSymbol)
        {
            return false;
        }

        var sawAssignment = false;
        foreach (var operation in EnumerateFunctionOperations(body))
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    if (declarator.Initializer is null)
                    {
                        continue;
                    }

                    if (!IsCompletedValue(declarator.Initializer.Value, advisor))
                    {
                        return false;
                    }

                    sawAssignment = true;
                    break;
                case IAssignmentOperation assignment when path.Matches(assignment.Target):
                    if (assignment is not ISimpleAssignmentOperation simple || !IsCompletedValue(simple.Value, advisor))
                    {
                        return false;
                    }

                    sawAssignment = true;
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when path.Matches(argument.Value):
                    return false;
            }
        }

        return sawAssignment;
    }

    private static bool IsAwaitedBefore(ReferencePath path, IOperation use, IOperation body, AdvisorContext advisor, bool whenAllOnly)
    {
        var useStart = use.Syntax.SpanStart;
        var lastAwaitEnd = -1;
        List<int>? assignmentPositions = null;

        foreach (var operation in EnumerateFunctionOperations(body))
        {
            switch (operation)
            {
                case IAwaitOperation awaitOperation
                    when awaitOperation.Syntax.Span.End <= useStart && AwaitCompletes(awaitOperation.Operation, path, body, advisor, whenAllOnly):
                    if (awaitOperation.Syntax.Span.End > lastAwaitEnd)
                    {
                        lastAwaitEnd = awaitOperation.Syntax.Span.End;
                    }

                    break;
                case IAssignmentOperation assignment when path.Matches(assignment.Target):
                    (assignmentPositions ??= new List<int>()).Add(assignment.Syntax.SpanStart);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when path.Matches(argument.Value):
                    (assignmentPositions ??= new List<int>()).Add(argument.Syntax.SpanStart);
                    break;
            }
        }

        if (lastAwaitEnd < 0)
        {
            return false;
        }

        // A reassignment between the await and the read means the read sees a different task.
        if (assignmentPositions is not null)
        {
            foreach (var position in assignmentPositions)
            {
                if (position >= lastAwaitEnd && position < useStart)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool AwaitCompletes(IOperation awaited, ReferencePath path, IOperation body, AdvisorContext advisor, bool whenAllOnly)
    {
        awaited = StripConfigureAwait(awaited.WalkDownConversions()!, advisor);
        if (!whenAllOnly && path.Matches(awaited))
        {
            return true;
        }

        if (IsWhenAll(awaited, advisor, out var whenAll))
        {
            return Mentions(whenAll, path);
        }

        // var all = Task.WhenAll(a, b); await all;
        if (awaited is ILocalReferenceOperation local)
        {
            foreach (var operation in EnumerateFunctionOperations(body))
            {
                if (operation is IVariableDeclaratorOperation { Initializer: { } initializer } declarator
                    && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)
                    && IsWhenAll(StripConfigureAwait(initializer.Value.WalkDownConversions()!, advisor), advisor, out var initializerWhenAll))
                {
                    return Mentions(initializerWhenAll, path);
                }
            }
        }

        return false;
    }

    private static bool IsWhenAll(IOperation operation, AdvisorContext advisor, out IInvocationOperation whenAll)
    {
        if (operation is IInvocationOperation { Instance: null, TargetMethod.Name: "WhenAll" } invocation
            && advisor.IsTaskLike(invocation.TargetMethod.ContainingType))
        {
            whenAll = invocation;
            return true;
        }

        whenAll = null!;
        return false;
    }

    private static bool Mentions(IInvocationOperation whenAll, ReferencePath path)
    {
        foreach (var argument in whenAll.Arguments)
        {
            foreach (var descendant in argument.DescendantsAndSelf())
            {
                if (path.Matches(descendant))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IOperation? GetContainingCollection(IOperation task, IOperation use)
    {
        switch (task)
        {
            case IArrayElementReferenceOperation element:
                return element.ArrayReference;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance }:
                return instance;
            case ILocalReferenceOperation local:
                for (var current = use.Parent; current is not null; current = current.Parent)
                {
                    if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        return null;
                    }

                    if (current is IForEachLoopOperation loop && DeclaresLocal(loop, local.Local))
                    {
                        return loop.Collection.WalkDownConversions();
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool DeclaresLocal(IForEachLoopOperation loop, ILocalSymbol local)
    {
        foreach (var declared in loop.Locals)
        {
            if (SymbolEqualityComparer.Default.Equals(declared, local))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsGuardedByCompletionCheck(ReferencePath path, IOperation use)
    {
        var child = use;
        for (var parent = use.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IConditionalOperation conditional:
                    if ((child == conditional.WhenTrue && Implies(conditional.Condition, path, true))
                        || (child == conditional.WhenFalse && Implies(conditional.Condition, path, false)))
                    {
                        return true;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when child == conjunction.RightOperand && Implies(conjunction.LeftOperand, path, true):
                    return true;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction when child == disjunction.RightOperand && Implies(disjunction.LeftOperand, path, false):
                    return true;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        // if (!t.IsCompleted) return ...;   while (!t.IsCompleted) { ... }
                        if ((statement is IConditionalOperation { WhenFalse: null } guard && Implies(guard.Condition, path, false) && AlwaysExits(guard.WhenTrue))
                            || (statement is IWhileLoopOperation { ConditionIsTop: true, Condition: { } loopCondition } loop && Implies(loopCondition, path, false) && !HasBreak(loop)))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="condition"/> evaluating to <paramref name="value"/> implies the task at <paramref name="path"/> is complete.</summary>
    private static bool Implies(IOperation? condition, ReferencePath path, bool value)
    {
        condition = condition.WalkDownConversions();
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Implies(not.Operand, path, !value);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction:
                return value && (Implies(conjunction.LeftOperand, path, true) || Implies(conjunction.RightOperand, path, true));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction:
                return !value && (Implies(disjunction.LeftOperand, path, false) || Implies(disjunction.RightOperand, path, false));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
            {
                var equals = comparison.OperatorKind == BinaryOperatorKind.Equals;
                if (comparison.RightOperand.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: bool constant })
                {
                    return Implies(comparison.LeftOperand, path, equals ? (constant == value) : (constant != value));
                }

                // t.Status == TaskStatus.RanToCompletion (or Faulted / Canceled)
                if (value == equals
                    && comparison.LeftOperand.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Status", Instance: { } statusOf }
                    && path.Matches(statusOf)
                    && comparison.RightOperand.WalkDownConversions() is IFieldReferenceOperation { Field.Name: "RanToCompletion" or "Faulted" or "Canceled" })
                {
                    return true;
                }

                return false;
            }

            case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled", Instance: { } instance }:
                return value && path.Matches(instance);
            case IIsPatternOperation { Pattern: IRecursivePatternOperation recursive } isPattern when value && path.Matches(isPattern.Value):
                foreach (var sub in recursive.PropertySubpatterns)
                {
                    if (sub.Member is IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" }
                        && sub.Pattern is IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: true } })
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool AlwaysExits(IOperation? operation)
        => operation switch
        {
            IReturnOperation or IThrowOperation or IBranchOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } => true,
            IBlockOperation { Operations.Length: > 0 } block => AlwaysExits(block.Operations[block.Operations.Length - 1]),
            _ => false,
        };

    private static bool HasBreak(ILoopOperation loop)
    {
        foreach (var operation in loop.Body.DescendantsAndSelf())
        {
            if (operation is IBranchOperation { BranchKind: BranchKind.Break } branch && SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every operation of the function body, without descending into nested lambdas or local functions.</summary>
    public static IEnumerable<IOperation> EnumerateFunctionOperations(IOperation body)
    {
        var stack = new Stack<IOperation>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in current.ChildOperations)
            {
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }

                stack.Push(child);
            }
        }
    }
}
