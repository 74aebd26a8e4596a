using System.Diagnostics;
using System.Text;

namespace Advisor.Tool.Tests;

/// <summary>A temporary folder with files, deleted on dispose.</summary>
public sealed class TestFolder : IDisposable
{
    public TestFolder(params (string Name, string Content)[] files)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "advisor-tool-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        foreach (var (name, content) in files)
        {
            Write(name, content);
        }
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Write(string name, string content)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content.ReplaceLineEndings("\n"));
    }

    public string Read(string name) => System.IO.File.ReadAllText(File(name));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Runs the tool in-process the way the command line does.</summary>
public static class Tool
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AdvisorApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs a process to completion; throws with its output when it fails.</summary>
    public static void Run(string workingDirectory, string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }
    }
}

/// <summary>Sources shared by the tests.</summary>
public static class Sources
{
    /// <summary>A minimal API with one blocking wait (line 7), one clean async handler and one synchronous handler.</summary>
    public const string BlockingMinimalApi = """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        var http = new HttpClient();

        app.MapGet("/orders/{id}", async (int id) =>
        {
            var body = http.GetStringAsync($"https://orders.example/{id}").Result;
            await Task.Delay(1);
            return Results.Ok(body);
        });

        app.MapGet("/health", async () =>
        {
            await Task.Delay(1);
            return "ok";
        });

        app.MapGet("/", () => "Hello");

        app.Run();
        """;

    /// <summary>A controller whose action reaches a helper with a blocking wait in async code (line 19; line 17 waits on a completed task).</summary>
    public const string Controller = """
        using Microsoft.AspNetCore.Mvc;

        namespace Shop;

        [ApiController]
        [Route("[controller]")]
        public sealed class CartController : ControllerBase
        {
            [HttpGet]
            public Task<int> Get() => CartStore.CountAsync();
        }

        public static class CartStore
        {
            public static async Task<int> CountAsync()
            {
                var n = Task.FromResult(Environment.ProcessorCount).Result;
                await Task.Yield();
                return Task.Run(() => n).Result;
            }
        }
        """;

    public const string Clean = """
        public static class Clean
        {
            public static async Task<int> ReadAsync(Stream stream, byte[] buffer)
                => await stream.ReadAsync(buffer, 0, buffer.Length);
        }
        """;
}
