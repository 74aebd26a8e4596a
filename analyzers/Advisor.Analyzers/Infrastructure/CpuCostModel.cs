using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>What kind of CPU work a finding is; travels to the code fixes in the diagnostic's properties.</summary>
internal enum CpuWorkKind
{
    /// <summary>A loop (or loop nest) that computes; the fix wraps the loop statement.</summary>
    Loop,

    /// <summary>A single CPU-heavy call (key derivation, catalogue entry, <c>[CpuBound]</c>); the fix wraps the call.</summary>
    Call,

    /// <summary>Recursion whose depth grows with the input.</summary>
    Recursion,
}

/// <summary>One piece of CPU-bound work found by <see cref="CpuCostModel"/>, with the reason in words.</summary>
internal sealed class CpuFinding
{
    public CpuFinding(CpuWorkKind kind, IOperation operation, Location location, string description, string reason)
    {
        Kind = kind;
        Operation = operation;
        Location = location;
        Description = description;
        Reason = reason;
    }

    public CpuWorkKind Kind { get; }

    /// <summary>The loop, invocation or object creation.</summary>
    public IOperation Operation { get; }

    /// <summary>Where to report: the loop keyword, or the call.</summary>
    public Location Location { get; }

    /// <summary>Short name for chains: <c>nested loops</c>, <c>loop</c>, <c>Rfc2898DeriveBytes.Pbkdf2</c>.</summary>
    public string Description { get; }

    /// <summary>Why it is CPU-bound: <c>nested loops over height x width with arithmetic and indexing</c>.</summary>
    public string Reason { get; }
}

/// <summary>Thresholds of the cost model, read from <c>.editorconfig</c>.</summary>
internal sealed class CpuSettings
{
    public const string LoopThresholdKey = "advisor.cpu.loop_threshold";
    public const string NestedLoopThresholdKey = "advisor.cpu.nested_loop_threshold";
    public const string SmallLoopLimitKey = "advisor.cpu.small_loop_limit";
    public const string KdfIterationsKey = "advisor.cpu.kdf_iterations";
    public const string HeavyApisKey = "advisor.cpu.heavy_apis";

    public static readonly CpuSettings Default = new(3, 2, 16, 10_000, ApiSet.Empty);

    public CpuSettings(int loopThreshold, int nestedLoopThreshold, int smallLoopLimit, int kdfIterations, ApiSet heavyApis)
    {
        LoopThreshold = Math.Max(1, loopThreshold);
        NestedLoopThreshold = Math.Max(1, nestedLoopThreshold);
        SmallLoopLimit = Math.Max(0, smallLoopLimit);
        KdfIterations = Math.Max(1, kdfIterations);
        HeavyApis = heavyApis;
        Key = string.Join("|", LoopThreshold, NestedLoopThreshold, SmallLoopLimit, KdfIterations, string.Join(",", heavyApis.Entries));
    }

    /// <summary>Arithmetic, bit or indexing operations per iteration that make a single loop over data CPU-bound.</summary>
    public int LoopThreshold { get; }

    /// <summary>Operations per innermost iteration that make nested loops CPU-bound.</summary>
    public int NestedLoopThreshold { get; }

    /// <summary>A loop with a constant trip count at or below this is cheap.</summary>
    public int SmallLoopLimit { get; }

    /// <summary>Key-derivation iteration counts at or above this make a single call CPU-bound.</summary>
    public int KdfIterations { get; }

    /// <summary>Extra APIs that are CPU-heavy per call (documentation-comment IDs or dotted names).</summary>
    public ApiSet HeavyApis { get; }

    /// <summary>Identifies the settings, for caches keyed by configuration.</summary>
    public string Key { get; }

    public static CpuSettings Read(AdvisorContext context, AnalyzerOptions options, SyntaxTree? tree)
    {
        var loop = OptionsCache.GetInt(options, tree, LoopThresholdKey, Default.LoopThreshold);
        var nested = OptionsCache.GetInt(options, tree, NestedLoopThresholdKey, Default.NestedLoopThreshold);
        var small = OptionsCache.GetInt(options, tree, SmallLoopLimitKey, Default.SmallLoopLimit);
        var kdf = OptionsCache.GetInt(options, tree, KdfIterationsKey, Default.KdfIterations);
        var apis = context.Options.GetApiSet(options, tree, HeavyApisKey);
        if (loop == Default.LoopThreshold && nested == Default.NestedLoopThreshold && small == Default.SmallLoopLimit && kdf == Default.KdfIterations && apis.IsEmpty)
        {
            return Default;
        }

        return new CpuSettings(loop, nested, small, kdf, apis);
    }
}

/// <summary>
/// The explainable CPU cost model behind ADV1001 and ADV1002. It looks at one function body (not following calls;
/// <see cref="TransitiveSummary"/> does that) and finds:
/// <list type="bullet">
/// <item>nested loops over non-trivial ranges whose innermost body does arithmetic, bit operations or indexing;</item>
/// <item>a loop over data (arrays, spans, strings, collections of numbers, counted or while loops) whose body does
/// repeated arithmetic, bit operations or indexing (pixels, matrices, checksums);</item>
/// <item>loops that call CPU-heavy APIs (hashing, HMAC and other crypto, compression, Regex, serialization, sorting,
/// BigInteger);</item>
/// <item>single heavy calls: key derivation with a large iteration count, password hashers, catalogue entries,
/// <c>[CpuBound]</c> members;</item>
/// <item>recursion whose depth follows an argument (<c>Fib(n - 1)</c>).</item>
/// </list>
/// Not CPU-bound: loops that await, small constant loops, loops that only map, filter, copy fields or build strings,
/// and per-item work over collections of objects (query results) without heavy calls.
/// </summary>
internal sealed class CpuCostModel
{
    private readonly AdvisorContext _context;
    private readonly CpuSettings _settings;

    public CpuCostModel(AdvisorContext context, CpuSettings settings)
    {
        _context = context;
        _settings = settings;
    }

    public CpuSettings Settings => _settings;

    /// <summary>
    /// Every finding in <paramref name="body"/> (not in nested lambdas or local functions): the outermost CPU-bound loop
    /// of each loop nest that does not await, heavy calls outside those loops, and recursion of <paramref name="function"/>.
    /// </summary>
    public List<CpuFinding> Analyze(IMethodSymbol? function, IOperation body, CancellationToken cancellationToken)
    {
        var findings = new List<CpuFinding>();
        Visit(body, function, findings, cancellationToken);
        findings.Sort(static (a, b) => a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start));
        return findings;
    }

    /// <summary>The first finding in a body, for summaries.</summary>
    public CpuFinding? FindFirst(IMethodSymbol? function, IOperation body, CancellationToken cancellationToken)
    {
        var findings = Analyze(function, body, cancellationToken);
        return findings.Count == 0 ? null : findings[0];
    }

    private void Visit(IOperation operation, IMethodSymbol? function, List<CpuFinding> findings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IAnonymousFunctionOperation or ILocalFunctionOperation:
                return;
            case ILoopOperation loop:
                if (!ContainsAwait(loop))
                {
                    if (EvaluateNest(loop) is { } finding)
                    {
                        findings.Add(finding);
                    }

                    // An await-free loop is judged as a whole; nothing inside it is reported separately.
                    return;
                }

                break;
            case IInvocationOperation or IObjectCreationOperation:
                if (GetHeavyCall(operation, single: true) is { } heavy)
                {
                    findings.Add(new CpuFinding(CpuWorkKind.Call, operation, operation.Syntax.GetLocation(), heavy.Name, heavy.Reason));
                }
                else if (function is not null && IsUnboundedRecursion(operation, function))
                {
                    findings.Add(new CpuFinding(
                        CpuWorkKind.Recursion,
                        operation,
                        operation.Syntax.GetLocation(),
                        "recursion",
                        "recursion whose depth grows with '" + Shorten(((IInvocationOperation)operation).Arguments.Length > 0 ? FirstComputedArgument((IInvocationOperation)operation) : function.Name) + "'"));
                }

                break;
        }

        foreach (var child in operation.ChildOperations)
        {
            Visit(child, function, findings, cancellationToken);
        }
    }

    /// <summary>True when the loop awaits anywhere in its body (await, await foreach, await using), or is an await foreach.</summary>
    public static bool ContainsAwait(ILoopOperation loop)
    {
        if (loop is IForEachLoopOperation { IsAsynchronous: true })
        {
            return true;
        }

        foreach (var operation in TaskCompletion.EnumerateFunctionOperations(loop))
        {
            switch (operation)
            {
                case IAwaitOperation:
                case IForEachLoopOperation { IsAsynchronous: true }:
                case IUsingOperation { IsAsynchronous: true }:
                case IUsingDeclarationOperation { IsAsynchronous: true }:
                    return true;
            }
        }

        return false;
    }

    private enum LoopShape
    {
        /// <summary>A for loop with a counter compared to a bound.</summary>
        Counted,

        /// <summary>foreach over arrays, spans, strings or collections of numbers.</summary>
        Data,

        /// <summary>foreach over a collection of objects (records, entities, query results).</summary>
        Items,

        /// <summary>while/do and for loops without a recognisable counter.</summary>
        Open,
    }

    private readonly struct LoopFacts
    {
        public LoopFacts(ILoopOperation loop, LoopShape shape, bool small, string range)
        {
            Loop = loop;
            Shape = shape;
            Small = small;
            Range = range;
        }

        public ILoopOperation Loop { get; }

        public LoopShape Shape { get; }

        public bool Small { get; }

        public string Range { get; }
    }

    private struct OpCounts
    {
        public int Arithmetic;
        public int Bits;
        public int Indexing;
        public int BigInteger;

        public readonly int Total => Arithmetic + Bits + Indexing + BigInteger;

        public readonly string Describe()
        {
            var parts = new List<string>(3);
            if (BigInteger > 0)
            {
                parts.Add("BigInteger arithmetic");
            }

            if (Arithmetic > 0)
            {
                parts.Add("arithmetic");
            }

            if (Bits > 0)
            {
                parts.Add("bit operations");
            }

            if (Indexing > 0)
            {
                parts.Add("indexing");
            }

            return parts.Count switch
            {
                0 => "no arithmetic",
                1 => parts[0],
                _ => string.Join(", ", parts.GetRange(0, parts.Count - 1)) + " and " + parts[parts.Count - 1],
            };
        }
    }

    private readonly struct HeavyCall
    {
        public HeavyCall(string name, string reason)
        {
            Name = name;
            Reason = reason;
        }

        public string Name { get; }

        public string Reason { get; }
    }

    // Judges a whole await-free loop nest; the finding sits on the outermost loop.
    private CpuFinding? EvaluateNest(ILoopOperation outermost)
    {
        var outerFacts = Classify(outermost);
        string? reason = null;
        var description = "loop";

        // 1. Heavy calls anywhere in the nest, under at least one loop that is not small.
        var heavy = FindHeavyCallInNest(outermost, outerFacts.Small ? 0 : 1);
        if (heavy is { } call)
        {
            reason = "loop over " + outerFacts.Range + " calling " + call.Name + " per iteration";
        }

        // 2. Nested loops and single data loops, judged by the operations per innermost iteration.
        if (reason is null)
        {
            var path = new List<LoopFacts>();
            reason = EvaluatePaths(outermost, path, ref description);
        }

        if (reason is null)
        {
            return null;
        }

        return new CpuFinding(CpuWorkKind.Loop, outermost, GetKeywordLocation(outermost), description, reason);
    }

    private string? EvaluatePaths(ILoopOperation loop, List<LoopFacts> path, ref string description)
    {
        var facts = Classify(loop);
        path.Add(facts);
        try
        {
            var children = DirectChildLoops(loop);
            foreach (var child in children)
            {
                if (EvaluatePaths(child, path, ref description) is { } found)
                {
                    return found;
                }
            }

            if (facts.Small)
            {
                return null;
            }

            var counts = CountOps(loop);
            var big = new List<LoopFacts>();
            var anyData = false;
            foreach (var item in path)
            {
                if (!item.Small)
                {
                    big.Add(item);
                    anyData |= item.Shape != LoopShape.Items;
                }
            }

            if (big.Count >= 2 && anyData && counts.Total >= _settings.NestedLoopThreshold)
            {
                var ranges = new StringBuilder();
                foreach (var item in big)
                {
                    if (ranges.Length > 0)
                    {
                        ranges.Append(" x ");
                    }

                    ranges.Append(item.Range);
                }

                description = "nested loops";
                return "nested loops over " + ranges + " with " + counts.Describe();
            }

            if (facts.Shape != LoopShape.Items && (counts.Total >= _settings.LoopThreshold || counts.BigInteger > 0))
            {
                description = "loop";
                return "loop over " + facts.Range + " with " + counts.Describe() + " in every iteration";
            }

            return null;
        }
        finally
        {
            path.RemoveAt(path.Count - 1);
        }
    }

    private HeavyCall? FindHeavyCallInNest(IOperation operation, int bigLoops)
    {
        foreach (var child in operation.ChildOperations)
        {
            switch (child)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    continue;
                case ILoopOperation inner:
                    if (FindHeavyCallInNest(inner, bigLoops + (Classify(inner).Small ? 0 : 1)) is { } nested)
                    {
                        return nested;
                    }

                    continue;
                case IInvocationOperation or IObjectCreationOperation when bigLoops > 0:
                    if (GetHeavyCall(child, single: false) is { } heavy)
                    {
                        return heavy;
                    }

                    break;
                case IBinaryOperation { OperatorMethod: { } op } when bigLoops > 0 && IsBigInteger(op.ContainingType):
                    return new HeavyCall("BigInteger arithmetic", "BigInteger arithmetic");
            }

            if (FindHeavyCallInNest(child, bigLoops) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static List<ILoopOperation> DirectChildLoops(ILoopOperation loop)
    {
        var result = new List<ILoopOperation>();
        var stack = new Stack<IOperation>();
        stack.Push(loop.Body);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current is ILoopOperation inner)
            {
                result.Add(inner);
                continue;
            }

            foreach (var child in current.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    stack.Push(child);
                }
            }
        }

        result.Reverse();
        return result;
    }

    // Arithmetic, bit operations and indexing in the loop's own body (nested loops excluded; they count for themselves).
    private OpCounts CountOps(ILoopOperation loop)
    {
        var counts = default(OpCounts);
        var stack = new Stack<IOperation>();
        stack.Push(loop.Body);
        switch (loop)
        {
            case IWhileLoopOperation { Condition: { } whileCondition }:
                stack.Push(whileCondition);
                break;
            case IForLoopOperation { Condition: { } forCondition }:
                stack.Push(forCondition);
                break;
        }

        while (stack.Count > 0)
        {
            var current = stack.Pop();
            switch (current)
            {
                case IBinaryOperation binary:
                    if (binary.OperatorMethod is { } method)
                    {
                        if (IsBigInteger(method.ContainingType))
                        {
                            counts.BigInteger++;
                        }
                    }
                    else if (IsNumeric(binary.Type) || IsNumeric(binary.LeftOperand.Type))
                    {
                        Count(ref counts, binary.OperatorKind);
                    }

                    break;
                case ICompoundAssignmentOperation compound when compound.OperatorMethod is null && IsNumeric(compound.Target.Type):
                    Count(ref counts, compound.OperatorKind);
                    break;
                case IIncrementOrDecrementOperation when current.Parent is not null:
                    counts.Arithmetic++;
                    break;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.BitwiseNegation }:
                    counts.Bits++;
                    break;
                case IArrayElementReferenceOperation:
                    counts.Indexing++;
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when IsDataIndexer(indexer):
                    counts.Indexing++;
                    break;
                case IInvocationOperation { TargetMethod: { IsStatic: true, ContainingType: { Name: "Math" or "MathF", ContainingNamespace.Name: "System" } } }:
                    counts.Arithmetic++;
                    break;
            }

            foreach (var child in current.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation or ILoopOperation))
                {
                    stack.Push(child);
                }
            }
        }

        return counts;
    }

    private static void Count(ref OpCounts counts, BinaryOperatorKind kind)
    {
        switch (kind)
        {
            case BinaryOperatorKind.Add:
            case BinaryOperatorKind.Subtract:
            case BinaryOperatorKind.Multiply:
            case BinaryOperatorKind.Divide:
            case BinaryOperatorKind.Remainder:
            case BinaryOperatorKind.Power:
                counts.Arithmetic++;
                break;
            case BinaryOperatorKind.LeftShift:
            case BinaryOperatorKind.RightShift:
            case BinaryOperatorKind.UnsignedRightShift:
            case BinaryOperatorKind.And:
            case BinaryOperatorKind.Or:
            case BinaryOperatorKind.ExclusiveOr:
                counts.Bits++;
                break;
        }
    }

    private static bool IsDataIndexer(IPropertyReferenceOperation indexer)
    {
        var type = indexer.Property.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return true;
        }

        // Span<T>, ReadOnlySpan<T>, List<T>, T[]-like collections of numbers: element access on data.
        return IsNumeric(indexer.Type) || indexer.Type?.SpecialType is SpecialType.System_Char or SpecialType.System_Boolean;
    }

    private LoopFacts Classify(ILoopOperation loop)
    {
        switch (loop)
        {
            case IForLoopOperation forLoop:
                return ClassifyFor(forLoop);
            case IForEachLoopOperation forEach:
            {
                var collection = forEach.Collection.WalkDownConversions() ?? forEach.Collection;
                var range = Shorten(collection.Syntax.ToString());
                if (ConstantCount(collection) is { } count)
                {
                    return new LoopFacts(loop, LoopShape.Data, count <= _settings.SmallLoopLimit, range);
                }

                var element = ElementType(collection.Type);
                var isData = collection.Type?.SpecialType == SpecialType.System_String
                             || (element is not null && (IsNumeric(element) || element.SpecialType is SpecialType.System_Char or SpecialType.System_Boolean));
                return new LoopFacts(loop, isData ? LoopShape.Data : LoopShape.Items, small: false, range);
            }

            case IWhileLoopOperation whileLoop:
                return new LoopFacts(loop, LoopShape.Open, small: false, whileLoop.Condition is { } c ? "while (" + Shorten(c.Syntax.ToString()) + ")" : "an open loop");
            default:
                return new LoopFacts(loop, LoopShape.Open, small: false, "a loop");
        }
    }

    private LoopFacts ClassifyFor(IForLoopOperation loop)
    {
        if (loop.Condition?.WalkDownConversions() is IBinaryOperation condition
            && condition.OperatorKind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.NotEquals)
        {
            var left = condition.LeftOperand.WalkDownConversions()!;
            var right = condition.RightOperand.WalkDownConversions()!;
            var counterOnLeft = ReferencesLoopLocal(left, loop) || (!ReferencesLoopLocal(right, loop) && left is ILocalReferenceOperation);
            var bound = counterOnLeft ? right : left;
            var counterSide = counterOnLeft ? left : right;
            var counter = counterSide as ILocalReferenceOperation ?? FirstLocalReference(counterSide);
            if (counter is ILocalReferenceOperation local)
            {
                var start = InitialValue(loop, local.Local);
                if (bound.ConstantValue is { HasValue: true } boundValue && start is { } initial && TryToLong(boundValue.Value, out var end))
                {
                    var trips = Math.Abs(end - initial) + (condition.OperatorKind is BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThanOrEqual ? 1 : 0);
                    return new LoopFacts(loop, LoopShape.Counted, trips <= _settings.SmallLoopLimit, trips.ToString(CultureInfo.InvariantCulture));
                }

                return new LoopFacts(loop, LoopShape.Counted, small: false, Shorten(bound.Syntax.ToString()));
            }
        }

        return new LoopFacts(loop, LoopShape.Open, small: false, loop.Condition is { } c ? Shorten(c.Syntax.ToString()) : "an open loop");
    }

    private static bool ReferencesLoopLocal(IOperation side, IForLoopOperation loop)
    {
        foreach (var operation in TaskCompletion.EnumerateFunctionOperations(side))
        {
            if (operation is ILocalReferenceOperation reference && loop.Locals.Contains(reference.Local, SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        return false;
    }

    private static ILocalReferenceOperation? FirstLocalReference(IOperation side)
    {
        foreach (var operation in TaskCompletion.EnumerateFunctionOperations(side))
        {
            if (operation is ILocalReferenceOperation reference)
            {
                return reference;
            }
        }

        return null;
    }

    private static long? InitialValue(IForLoopOperation loop, ILocalSymbol counter)
    {
        foreach (var before in loop.Before)
        {
            foreach (var operation in TaskCompletion.EnumerateFunctionOperations(before))
            {
                if (operation is IVariableDeclaratorOperation declarator
                    && SymbolEqualityComparer.Default.Equals(declarator.Symbol, counter)
                    && declarator.Initializer?.Value.ConstantValue is { HasValue: true } value
                    && TryToLong(value.Value, out var start))
                {
                    return start;
                }

                if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    && SymbolEqualityComparer.Default.Equals(target.Local, counter)
                    && assignment.Value.ConstantValue is { HasValue: true } assigned
                    && TryToLong(assigned.Value, out var startAssigned))
                {
                    return startAssigned;
                }
            }
        }

        return null;
    }

    private static bool TryToLong(object? value, out long result)
    {
        switch (value)
        {
            case int i:
                result = i;
                return true;
            case long l:
                result = l;
                return true;
            case short s:
                result = s;
                return true;
            case byte b:
                result = b;
                return true;
            case uint u:
                result = u;
                return true;
            default:
                result = 0;
                return false;
        }
    }

    // foreach over `new[] { 1, 2, 3 }`, a collection expression, or Enumerable.Range(start, constant).
    private static int? ConstantCount(IOperation collection)
    {
        switch (collection)
        {
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues.Length;
            case IArrayCreationOperation { DimensionSizes.Length: 1 } array when array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: int size }:
                return size;
            case IInvocationOperation { TargetMethod: { Name: "Range", ContainingType.Name: "Enumerable" } } range
                when range.Arguments.Length == 2 && range.Arguments[1].Value.ConstantValue is { HasValue: true, Value: int count }:
                return count;
            default:
                if (collection.Kind.ToString() == "CollectionExpression")
                {
                    // Roslyn 4.8 has no ICollectionExpressionOperation; count the syntax elements.
                    var elements = 0;
                    foreach (var _ in collection.Syntax.ChildNodes())
                    {
                        elements++;
                    }

                    return elements;
                }

                return null;
        }
    }

    private static ITypeSymbol? ElementType(ITypeSymbol? type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return array.ElementType;
            case INamedTypeSymbol named:
                if (named.IsGenericType && named.TypeArguments.Length == 1)
                {
                    return named.TypeArguments[0];
                }

                foreach (var @interface in named.AllInterfaces)
                {
                    if (@interface.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                    {
                        return @interface.TypeArguments[0];
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// A call that is CPU-heavy. With <paramref name="single"/>, only calls heavy on their own (key derivation, password
    /// hashing, catalogue, <c>[CpuBound]</c>); otherwise also calls that are heavy when repeated per item.
    /// </summary>
    private HeavyCall? GetHeavyCall(IOperation operation, bool single)
    {
        IMethodSymbol? method = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            _ => null,
        };

        if (method is null)
        {
            return null;
        }

        var type = method.ContainingType;
        var name = DisplayName(method);
        if (_context.Symbols.CpuBoundAttribute is { } cpuBound && HasAttribute(method, cpuBound))
        {
            return new HeavyCall(name, name + " is marked [CpuBound]");
        }

        if (_settings.HeavyApis.Contains(method))
        {
            return new HeavyCall(name, name + " is listed in " + CpuSettings.HeavyApisKey);
        }

        var ns = type?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (IsKeyDerivation(operation, method, ns, out var kdfReason))
        {
            return new HeavyCall(name, kdfReason);
        }

        if (single || type is null)
        {
            return null;
        }

        if (IsLoopHeavy(method, type, ns))
        {
            return new HeavyCall(name, name);
        }

        return null;
    }

    private bool IsKeyDerivation(IOperation operation, IMethodSymbol method, string ns, out string reason)
    {
        reason = string.Empty;
        var typeName = method.ContainingType?.Name;
        switch (ns)
        {
            case "System.Security.Cryptography" when typeName == "Rfc2898DeriveBytes" && (method.Name == "Pbkdf2" || method.MethodKind == MethodKind.Constructor):
            case "Microsoft.AspNetCore.Cryptography.KeyDerivation" when typeName == "KeyDerivation" && method.Name == "Pbkdf2":
                var arguments = operation switch
                {
                    IInvocationOperation invocation => invocation.Arguments,
                    IObjectCreationOperation creation => creation.Arguments,
                    _ => ImmutableArray<IArgumentOperation>.Empty,
                };
                foreach (var argument in arguments)
                {
                    if (argument.Parameter?.Name is "iterations" or "iterationCount"
                        && argument.Value.ConstantValue is { HasValue: true, Value: int iterations }
                        && iterations >= _settings.KdfIterations)
                    {
                        reason = "key derivation with " + iterations.ToString("N0", CultureInfo.InvariantCulture) + " iterations";
                        return true;
                    }
                }

                return false;
            case "Microsoft.AspNetCore.Identity" when typeName == "PasswordHasher" && method.Name is "HashPassword" or "VerifyHashedPassword":
                reason = "password hashing (PBKDF2 with 100,000 iterations by default)";
                return true;
            case "BCrypt.Net" when typeName == "BCrypt" && method.Name is "HashPassword" or "Verify" or "EnhancedHashPassword" or "EnhancedVerify" or "ValidateAndReplacePassword":
                reason = "bcrypt password hashing";
                return true;
            case "System.Security.Cryptography" when typeName is "RSA" or "DSA" && method.Name == "Create" && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Int32:
            case "System.Security.Cryptography" when typeName is "RSACryptoServiceProvider" or "RSACng" && method.MethodKind == MethodKind.Constructor && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Int32:
                reason = "key pair generation";
                return true;
            default:
                return false;
        }
    }

    private static bool IsLoopHeavy(IMethodSymbol method, INamedTypeSymbol type, string ns)
    {
        if (method.MethodKind is MethodKind.PropertyGet or MethodKind.PropertySet || method.Name is "Dispose" or "Clear" or "Initialize" or "Reset")
        {
            return false;
        }

        switch (ns)
        {
            case "System.Security.Cryptography":
                // Factories are cheap; random numbers are not the heavy part of a loop.
                return method.Name != "Create" && !type.Name.StartsWith("RandomNumberGenerator", StringComparison.Ordinal) && type.Name != "CryptographicOperations";
            case "System.IO.Compression":
                return type.Name is "GZipStream" or "DeflateStream" or "BrotliStream" or "ZLibStream" or "BrotliEncoder" or "BrotliDecoder" or "ZipArchive" or "ZipFile";
            case "System.Text.RegularExpressions":
                return type.Name == "Regex" && (method.MethodKind == MethodKind.Constructor || method.Name is "IsMatch" or "Match" or "Matches" or "Replace" or "Split" or "Count" or "EnumerateMatches");
            case "System.Text.Json":
                return type.Name == "JsonSerializer" && (method.Name.StartsWith("Serialize", StringComparison.Ordinal) || method.Name.StartsWith("Deserialize", StringComparison.Ordinal)) && !method.Name.EndsWith("Async", StringComparison.Ordinal);
            case "Newtonsoft.Json":
                return type.Name == "JsonConvert" && method.Name is "SerializeObject" or "DeserializeObject" or "PopulateObject";
            case "System.Xml.Serialization":
                return type.Name == "XmlSerializer" && (method.MethodKind == MethodKind.Constructor || method.Name is "Serialize" or "Deserialize");
            case "System.Runtime.Serialization":
            case "System.Runtime.Serialization.Json":
                return method.Name is "WriteObject" or "ReadObject";
            case "System":
                return (type.Name == "Array" && method.Name == "Sort") || (type.Name == "MemoryExtensions" && method.Name == "Sort");
            case "System.Collections.Generic":
                return type.Name == "List" && method.Name == "Sort";
            case "System.Linq":
                return type.Name == "Enumerable" && method.Name is "OrderBy" or "OrderByDescending" or "Order" or "OrderDescending";
            case "System.Numerics":
                return IsBigInteger(type) && method.Name is "ModPow" or "Pow" or "Multiply" or "Divide" or "DivRem" or "Remainder" or "Parse" or "GreatestCommonDivisor" or "Log";
            default:
                return false;
        }
    }

    private static bool IsBigInteger(INamedTypeSymbol? type)
        => type is { Name: "BigInteger", ContainingNamespace: { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static bool HasAttribute(IMethodSymbol method, INamedTypeSymbol attribute)
    {
        foreach (var data in method.OriginalDefinition.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        if (method.AssociatedSymbol is IPropertySymbol property)
        {
            foreach (var data in property.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Direct recursion whose argument is computed from a parameter (n - 1, n / 2, depth + 1): the depth follows the input.
    private static bool IsUnboundedRecursion(IOperation operation, IMethodSymbol function)
    {
        if (operation is not IInvocationOperation invocation
            || function.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
            || !SymbolEqualityComparer.Default.Equals(MethodBodies.Normalize(invocation.TargetMethod), MethodBodies.Normalize(function)))
        {
            return false;
        }

        return FirstComputedArgument(invocation) is not null;
    }

    private static string? FirstComputedArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.WalkDownConversions() is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract or BinaryOperatorKind.Add or BinaryOperatorKind.Divide or BinaryOperatorKind.RightShift } binary
                && (binary.LeftOperand.WalkDownConversions() is IParameterReferenceOperation || binary.RightOperand.WalkDownConversions() is IParameterReferenceOperation))
            {
                return binary.Syntax.ToString();
            }
        }

        return null;
    }

    /// <summary>The location of a loop's keyword (<c>for</c>, <c>foreach</c>, <c>while</c>, <c>do</c>).</summary>
    public static Location GetKeywordLocation(ILoopOperation loop)
    {
        var first = loop.Syntax.GetFirstToken();
        return Location.Create(loop.Syntax.SyntaxTree, first.Span);
    }

    public static string DisplayName(IMethodSymbol method)
    {
        var typeName = method.ContainingType?.Name ?? string.Empty;
        if (method.MethodKind == MethodKind.Constructor)
        {
            return "new " + typeName;
        }

        if (method.ReducedFrom is { } reduced)
        {
            method = reduced;
        }

        return typeName.Length == 0 ? method.Name : typeName + "." + method.Name;
    }

    private static bool IsNumeric(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type?.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal or SpecialType.System_Char
            or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;
    }

    private static string Shorten(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        text = text.Replace("\r", " ").Replace("\n", " ");
        return text.Length <= 40 ? text : text.Substring(0, 37) + "...";
    }
}
