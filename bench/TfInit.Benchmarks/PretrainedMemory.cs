using System.Diagnostics;
using TfInit.Initializers;
using TfInit.NumPy;

namespace TfInit.Benchmarks;

/// <summary>
/// Peak memory of filling a float32 tensor from a large .npy file (issue 17: a 200 MB .npy peaked at 1.5 GiB). Run each
/// mode in its own process and compare the peaks: <c>fill</c> is <see cref="Pretrained"/> (blocks through a fixed buffer),
/// <c>whole</c> is what it did before, the whole array decoded to doubles by <see cref="NpyFile.Read(string)"/> and
/// then copied. Measure with <c>/usr/bin/time -v</c> (maximum resident set size) as well as the peak printed here.
/// </summary>
internal static class PretrainedMemory
{
    public static int Run(string[] args)
    {
        if (args.Length != 3 || args[2] is not ("fill" or "whole"))
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project bench/TfInit.Benchmarks -- pretrained FILE.npy SHAPE fill|whole");
            return 2;
        }

        string path = args[0];
        int[] shape = TfInit.Shapes.Shape.Parse(args[1], "SHAPE");
        var destination = new float[TfInit.Shapes.Shape.ElementCount(shape)];
        var watch = Stopwatch.StartNew();
        if (args[2] == "fill")
        {
            new Pretrained(path).Fill(destination, shape);
        }
        else
        {
            NpyFile.Read(path).CopyTo(destination);
        }

        using var self = Process.GetCurrentProcess();
        Console.WriteLine(
            $"{args[2]}: {destination.Length} float32 values in {watch.Elapsed.TotalSeconds:F2} s; destination {destination.Length * 4L >> 20} MiB, " +
            $"peak working set {self.PeakWorkingSet64 >> 20} MiB");
        return 0;
    }
}
