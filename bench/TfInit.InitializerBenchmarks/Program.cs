using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/TfInit.InitializerBenchmarks -- --filter '*'   (every case; about 20 minutes)
// dotnet run -c Release --project bench/TfInit.InitializerBenchmarks -- --filter '*' --job dry   (each case once)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
