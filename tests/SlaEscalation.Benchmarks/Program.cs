using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/SlaEscalation.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
