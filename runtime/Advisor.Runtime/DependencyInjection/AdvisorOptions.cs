using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace Advisor;

/// <summary>Configuration for <c>services.AddAdvisor(...)</c>: the two executors and the guards.</summary>
public sealed class AdvisorOptions
{
    /// <summary>Options of the <see cref="BlockingExecutor"/> registered as a singleton.</summary>
    public BlockingExecutorOptions Blocking { get; set; } = new();

    /// <summary>Options of the <see cref="CpuExecutor"/> registered as a singleton.</summary>
    public CpuExecutorOptions Cpu { get; set; } = new();

    /// <summary>Options of guards without their own entry in <see cref="Guards"/>.</summary>
    public GuardOptions DefaultGuard { get; set; } = new();

    /// <summary>Options per guard name (ordinal, case-sensitive).</summary>
    public IDictionary<string, GuardOptions> Guards { get; } = new Dictionary<string, GuardOptions>(StringComparer.Ordinal);

    /// <summary>
    /// When true (default), the host's executors and guard registry also serve the static front
    /// (<c>Offload.Blocking</c>, <c>Offload.Cpu</c>, <c>Downstream.Guard</c>) while the host runs.
    /// </summary>
    public bool UseForStaticFront { get; set; } = true;

    /// <summary>Sets the options of one guard, starting from a copy of <see cref="DefaultGuard"/>.</summary>
    /// <param name="name">The guard name.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>These options.</returns>
    public AdvisorOptions Guard(string name, Action<GuardOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        if (!Guards.TryGetValue(name, out var options))
        {
            options = DefaultGuard.Clone();
            Guards[name] = options;
        }

        configure(options);
        return this;
    }
}

/// <summary>Validates <see cref="AdvisorOptions"/> (on start when the host validates options on start).</summary>
internal sealed class AdvisorOptionsValidator : IValidateOptions<AdvisorOptions>
{
    public ValidateOptionsResult Validate(string? name, AdvisorOptions options)
    {
        var failures = new List<string>();
        Check(failures, "Blocking", options.Blocking, static o => o.Validate());
        Check(failures, "Cpu", options.Cpu, static o => o.Validate());
        Check(failures, "DefaultGuard", options.DefaultGuard, static o => o.Validate());
        foreach (var (guard, guardOptions) in options.Guards)
        {
            if (string.IsNullOrWhiteSpace(guard))
            {
                failures.Add("Guards: a guard name must not be empty.");
            }

            Check(failures, $"Guards[{guard}]", guardOptions, static o => o.Validate());
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check<T>(List<string> failures, string path, T? options, Action<T> validate)
        where T : class
    {
        if (options is null)
        {
            failures.Add($"{path}: must not be null.");
            return;
        }

        try
        {
            validate(options);
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{path}.{ex.ParamName}: {ex.Message.Split(Environment.NewLine)[0]}");
        }
    }
}
