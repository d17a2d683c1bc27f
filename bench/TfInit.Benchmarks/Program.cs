using TfInit.Benchmarks;

return args.FirstOrDefault() switch
{
    "pretrained" => PretrainedMemory.Run(args.Skip(1).ToArray()),
    "training" => TrainingSpeed.Run(args.Skip(1).ToArray()),
    "fill" => FillSpeed.Run(args.Skip(1).ToArray()),
    "orthogonal" => OrthogonalSpeed.Run(args.Skip(1).ToArray()),
    "profile" => FillProfile.Run(args.Skip(1).ToArray()),
    "product" => ProductSpeed.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/TfInit.Benchmarks -- pretrained FILE.npy SHAPE fill|whole");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/TfInit.Benchmarks -- training [--repeats N] [--train-limit N]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/TfInit.Benchmarks -- fill [--repeats N]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/TfInit.Benchmarks -- orthogonal [--repeats N] [--sides 2048,4096]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/TfInit.Benchmarks -- profile [--repeats N] [--values N]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/TfInit.Benchmarks -- product [--repeats N] [--sides 2048]");
    return 2;
}
