using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Advisor.Runtime.Benchmarks -- --filter '*' --job short --inProcess
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
