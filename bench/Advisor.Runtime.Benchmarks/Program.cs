using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Advisor.Runtime.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
