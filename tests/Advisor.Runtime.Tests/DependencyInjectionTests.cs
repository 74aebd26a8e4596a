using System.Net;
using Advisor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Advisor.Runtime.Tests;

[Collection("StaticFront")]
public class DependencyInjectionTests
{
    private sealed class StubHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }

    private sealed class OrdersClient(HttpClient http)
    {
        public Task<HttpResponseMessage> GetAsync() => http.GetAsync("http://orders.test/");
    }

    [Fact]
    public async Task AddAdvisor_registers_configured_executors_and_guards()
    {
        var services = new ServiceCollection();
        services.AddAdvisor(o =>
        {
            o.Blocking.MaxThreads = 7;
            o.Blocking.Name = TestSupport.UniqueName("di-blocking");
            o.Cpu.MaxDegreeOfParallelism = 1;
            o.Guard("orders", g => g.Timeout = TimeSpan.FromSeconds(2));
        });
        await using var provider = services.BuildServiceProvider();

        var blocking = provider.GetRequiredService<BlockingExecutor>();
        Assert.Equal(7, blocking.MaxThreads);
        Assert.Same(blocking, provider.GetRequiredService<BlockingExecutor>());
        Assert.Equal(1, provider.GetRequiredService<CpuExecutor>().MaxThreads);
        var registry = provider.GetRequiredService<GuardRegistry>();
        Assert.Equal(TimeSpan.FromSeconds(2), registry.GetOptions("orders").Timeout);
        Assert.Equal(42, await blocking.RunAsync(() => 42));
    }

    [Fact]
    public async Task Invalid_options_fail_validation_with_every_problem_named()
    {
        var services = new ServiceCollection();
        services.AddAdvisor(o =>
        {
            o.Blocking.MaxThreads = 0;
            o.Cpu.QueueCapacity = -1;
            o.Guard("orders", g => g.FailureRatio = 3);
        });
        await using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AdvisorOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("Blocking.MaxThreads", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Cpu.QueueCapacity", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Guards[orders].FailureRatio", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Options_are_validated_on_start()
    {
        var services = new ServiceCollection();
        services.AddAdvisor(o => o.Blocking.QueueCapacity = 0);
        await using var provider = services.BuildServiceProvider();
        var validator = provider.GetRequiredService<IStartupValidator>();
        Assert.Throws<OptionsValidationException>(validator.Validate);
    }

    [Fact]
    public async Task Hosted_service_points_the_static_front_at_the_host_while_it_runs()
    {
        var services = new ServiceCollection();
        services.AddAdvisor(o => o.Blocking.Name = TestSupport.UniqueName("host"));
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().Single();
        var before = Offload.DefaultBlockingExecutor;
        await hosted.StartAsync(CancellationToken.None);
        try
        {
            Assert.Same(provider.GetRequiredService<BlockingExecutor>(), Offload.DefaultBlockingExecutor);
            Assert.Same(provider.GetRequiredService<GuardRegistry>(), Downstream.Registry);
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        Assert.NotSame(provider.GetRequiredService<BlockingExecutor>(), Offload.DefaultBlockingExecutor);
        Assert.NotSame(before, provider.GetRequiredService<BlockingExecutor>());
    }

    [Fact]
    public async Task Guarded_named_client_fails_fast_once_its_circuit_opens()
    {
        var stub = new StubHandler(HttpStatusCode.ServiceUnavailable);
        var name = TestSupport.UniqueName("orders-http");
        var services = new ServiceCollection();
        services.AddAdvisor();
        services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(() => stub).AddAdvisorGuard();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(name);

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(new Uri("http://orders.test/"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync(new Uri("http://orders.test/")));
        Assert.Equal(5, stub.Calls);
        Assert.Equal(CircuitState.Open, provider.GetRequiredService<GuardRegistry>().GetCircuitState(name));
    }

    [Fact]
    public async Task Guarded_typed_client_uses_the_named_guard()
    {
        var stub = new StubHandler(HttpStatusCode.OK);
        var services = new ServiceCollection();
        services.AddAdvisor(o => o.Guard("orders-typed", g => g.MinimumThroughput = 2));
        services.AddHttpClient<OrdersClient>().ConfigurePrimaryHttpMessageHandler(() => stub).AddAdvisorGuard("orders-typed");
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<OrdersClient>();
        using var response = await client.GetAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("orders-typed", provider.GetRequiredService<GuardRegistry>().Names);
    }
}
