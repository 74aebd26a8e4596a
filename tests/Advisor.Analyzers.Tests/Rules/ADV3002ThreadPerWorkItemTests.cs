using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV3002ThreadPerWorkItemTests
{
    private static Task Verify(string source)
        => new AdvisorTest<ThreadPerWorkItemAnalyzer> { TestCode = source, AspNetCore = true }.RunAsync();

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        """;

    [Fact]
    public Task Threads_and_long_running_tasks_per_request_are_reported()
        => Verify(Usings + """
            public class JobsController : ControllerBase
            {
                [HttpPost]
                public IActionResult Start(string job)
                {
                    var thread = [|new Thread(() => Console.WriteLine(job))|];
                    thread.Start();
                    var task = [|Task.Factory.StartNew(() => Console.WriteLine(job), TaskCreationOptions.LongRunning)|];
                    var other = [|new Task(() => { }, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach)|];
                    return Accepted();
                }
            }
            """);

    [Fact]
    public Task Threads_per_loop_item_are_reported_anywhere()
        => Verify(Usings + """
            public class Server
            {
                public void Serve(TcpListener listener)
                {
                    while (true)
                    {
                        var client = listener.AcceptTcpClient();
                        [|new Thread(() => client.Close())|].Start();
                    }
                }

                public void Each(IEnumerable<string> files)
                {
                    foreach (var file in files) { [|Task.Factory.StartNew(() => Console.WriteLine(file), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)|]; }
                }
            }
            """);

    [Fact]
    public Task Fixed_worker_threads_at_startup_and_ordinary_tasks_are_not_reported()
        => Verify(Usings + """
            public class Pump
            {
                private readonly Thread _worker;
                public Pump() { _worker = new Thread(() => { }) { IsBackground = true }; }

                public void StartWorkers()
                {
                    for (var i = 0; i < Environment.ProcessorCount; i++) { new Thread(() => { }).Start(); }
                }

                public Task Queue(Action a) => Task.Factory.StartNew(a, TaskCreationOptions.DenyChildAttach);
            }

            public static class Program
            {
                public static void Main(string[] args)
                {
                    foreach (var arg in args) { new Thread(() => Console.WriteLine(arg)).Start(); }
                }
            }
            """);
}
