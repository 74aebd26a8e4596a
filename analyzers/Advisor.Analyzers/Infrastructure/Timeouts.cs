using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// Recognises waits that cannot block: a zero timeout turns <c>Wait(0)</c>, <c>WaitOne(0)</c>,
/// <c>Monitor.TryEnter(o, 0)</c>, <c>SemaphoreSlim.Wait(TimeSpan.Zero)</c> or <c>Thread.Sleep(0)</c> into a
/// non-blocking probe (or a yield), so the blocking rules leave them alone.
/// </summary>
internal static class Timeouts
{
    /// <summary>
    /// True when the invocation passes a zero timeout: an <c>int</c> or <c>TimeSpan</c> parameter whose name mentions a
    /// timeout (<c>millisecondsTimeout</c>, <c>timeout</c>, ...) receives the constant 0, <c>TimeSpan.Zero</c> or
    /// <c>TimeSpan.FromXxx(0)</c>.
    /// </summary>
    public static bool HasZeroTimeout(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter
                && parameter.Name.IndexOf("timeout", StringComparison.OrdinalIgnoreCase) >= 0
                && IsZero(argument.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for the constant 0, <c>TimeSpan.Zero</c>, <c>default(TimeSpan)</c> and <c>TimeSpan.FromXxx(0)</c>.</summary>
    public static bool IsZero(IOperation? value)
    {
        value = value.WalkDownConversions();
        switch (value)
        {
            case { ConstantValue: { HasValue: true, Value: { } constant } }:
                return constant switch
                {
                    int i => i == 0,
                    long l => l == 0,
                    uint u => u == 0,
                    double d => d == 0,
                    _ => false,
                };
            case IFieldReferenceOperation { Field: { Name: "Zero", ContainingType: { } type } } when IsTimeSpan(type):
                return true;
            case IDefaultValueOperation { Type: { } type } when IsTimeSpan(type):
                return true;
            case IInvocationOperation { Instance: null, TargetMethod: { ContainingType: { } type, Name: { } name }, Arguments.Length: 1 } invocation
                when IsTimeSpan(type) && name.StartsWith("From", StringComparison.Ordinal):
                return IsZero(invocation.Arguments[0].Value);
            default:
                return false;
        }
    }

    private static bool IsTimeSpan(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
