using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/TfInit.InitializerBenchmarks -- --filter '*'   (every case)
// dotnet run -c Release --project bench/TfInit.InitializerBenchmarks -- --filter '*' --iterationCount 1 --warmupCount 0   (a quick pass)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
