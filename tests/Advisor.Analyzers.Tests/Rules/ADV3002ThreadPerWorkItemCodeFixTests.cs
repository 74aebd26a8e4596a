using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Advisor.CodeFixes.Rules;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV3002ThreadPerWorkItemCodeFixTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        """;

    private const string UsingsWithAdvisor = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Advisor;
        using Microsoft.AspNetCore.Mvc;

        """;

    [Fact]
    public Task Long_running_StartNew_becomes_Offload_Blocking()
        => new AdvisorTest<ThreadPerWorkItemAnalyzer, ThreadPerWorkItemCodeFixProvider>
        {
            AspNetCore = true,
            TestCode = Usings + """
                public class JobsController : ControllerBase
                {
                    [HttpPost]
                    public async Task<int> Start(string job, CancellationToken ct)
                    {
                        await [|Task.Factory.StartNew(() => Console.WriteLine(job), TaskCreationOptions.LongRunning)|];
                        return await [|Task.Factory.StartNew(() => job.Length, ct, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default)|];
                    }
                }
                """,
            FixedCode = UsingsWithAdvisor + """
                public class JobsController : ControllerBase
                {
                    [HttpPost]
                    public async Task<int> Start(string job, CancellationToken ct)
                    {
                        await Offload.Blocking(() => Console.WriteLine(job));
                        return await Offload.Blocking(() => job.Length, ct);
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task No_fix_for_threads_async_delegates_state_or_custom_schedulers()
    {
        var source = Usings + """
            public class JobsController : ControllerBase
            {
                [HttpPost]
                public IActionResult Start(string job, TaskScheduler scheduler)
                {
                    [|new Thread(() => Console.WriteLine(job))|].Start();
                    _ = [|Task.Factory.StartNew(async () => await Task.Delay(1), TaskCreationOptions.LongRunning)|];
                    _ = [|Task.Factory.StartNew(s => Console.WriteLine(s), job, TaskCreationOptions.LongRunning)|];
                    _ = [|Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.LongRunning, scheduler)|];
                    _ = [|Task.Factory.StartNew(() => { }, TaskCreationOptions.LongRunning | TaskCreationOptions.AttachedToParent)|];
                    return Accepted();
                }
            }
            """;
        return new AdvisorTest<ThreadPerWorkItemAnalyzer, ThreadPerWorkItemCodeFixProvider> { TestCode = source, FixedCode = source, AspNetCore = true }.RunAsync();
    }
}
