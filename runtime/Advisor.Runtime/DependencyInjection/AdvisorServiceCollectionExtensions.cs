using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Advisor;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Advisor's runtime (executors and guards) in a service collection.</summary>
public static class AdvisorServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="BlockingExecutor"/>, a <see cref="CpuExecutor"/> and a <see cref="GuardRegistry"/> as
    /// singletons configured from <see cref="AdvisorOptions"/>, validated on start. With
    /// <see cref="AdvisorOptions.UseForStaticFront"/> (default) a hosted service points <c>Offload</c> and
    /// <c>Downstream</c> at them while the host runs. A <see cref="TimeProvider"/> registered in the container is used.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options; optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddAdvisor(this IServiceCollection services, Action<AdvisorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<AdvisorOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdvisorOptions>, AdvisorOptionsValidator>());
        services.TryAddSingleton(static sp => new BlockingExecutor(Options(sp).Blocking, sp.GetService<TimeProvider>()));
        services.TryAddSingleton(static sp => new CpuExecutor(Options(sp).Cpu, sp.GetService<TimeProvider>()));
        services.TryAddSingleton(static sp =>
        {
            var options = Options(sp);
            var registry = new GuardRegistry(options.DefaultGuard, sp.GetService<TimeProvider>());
            foreach (var (name, guard) in options.Guards)
            {
                registry.Configure(name, target => Copy(guard, target));
            }

            return registry;
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AdvisorStaticFrontService>());
        return services;
    }

    /// <summary>
    /// Runs every request of this HttpClient inside the guard named <paramref name="guardName"/> (the client's name when
    /// null): a timeout inside a circuit breaker. 5xx, 408 and 429 responses and exceptions count as failures;
    /// an open circuit fails requests fast with <see cref="Polly.CircuitBreaker.BrokenCircuitException"/>.
    /// </summary>
    /// <param name="builder">The HttpClient builder (named or typed client).</param>
    /// <param name="guardName">The guard name; defaults to the client's name.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddAdvisorGuard(this IHttpClientBuilder builder, string? guardName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = string.IsNullOrWhiteSpace(guardName) ? builder.Name : guardName;
        builder.AddHttpMessageHandler(sp => new GuardHandler((sp.GetService<GuardRegistry>() ?? Downstream.Registry).Get(name)));
        return builder;
    }

    private static AdvisorOptions Options(IServiceProvider services)
        => services.GetRequiredService<IOptions<AdvisorOptions>>().Value;

    private static void Copy(GuardOptions from, GuardOptions to)
    {
        to.Timeout = from.Timeout;
        to.FailureRatio = from.FailureRatio;
        to.MinimumThroughput = from.MinimumThroughput;
        to.SamplingDuration = from.SamplingDuration;
        to.BreakDuration = from.BreakDuration;
        to.ShouldHandle = from.ShouldHandle;
    }

    /// <summary>Sends each request through a guard's pipeline.</summary>
    private sealed class GuardHandler(ResiliencePipeline pipeline) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<HttpResponseMessage>(state.handler.SendCore(state.request, ct)),
                (handler: this, request),
                cancellationToken).AsTask();

        private Task<HttpResponseMessage> SendCore(HttpRequestMessage request, CancellationToken cancellationToken)
            => base.SendAsync(request, cancellationToken);
    }

    /// <summary>Points the static front at the host's executors and guards while the host runs.</summary>
    private sealed class AdvisorStaticFrontService(IServiceProvider services, IOptions<AdvisorOptions> options) : IHostedService
    {
        private BlockingExecutor? _blocking;
        private CpuExecutor? _cpu;
        private GuardRegistry? _registry;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.UseForStaticFront)
            {
                _blocking = services.GetRequiredService<BlockingExecutor>();
                _cpu = services.GetRequiredService<CpuExecutor>();
                _registry = services.GetRequiredService<GuardRegistry>();
                Offload.UseExecutors(_blocking, _cpu);
                Downstream.UseRegistry(_registry);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            if (_blocking is not null)
            {
                Offload.Release(_blocking, _cpu!);
                Downstream.Release(_registry!);
            }

            return Task.CompletedTask;
        }
    }
}
