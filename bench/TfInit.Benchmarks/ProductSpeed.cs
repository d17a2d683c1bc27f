using System.Diagnostics;
using System.Globalization;
using TfInit.LinearAlgebra;

namespace TfInit.Benchmarks;

/// <summary>
/// The blocked QR's product kernel alone: GFlop/s of C += A B on square n x n matrices (one thread and all cores), and
/// of numpy's <c>a @ b</c> on the same sides in one python3 whose OpenBLAS follows the caller's OPENBLAS_CORETYPE; the
/// two alternate at each repetition, medians.
/// </summary>
internal static class ProductSpeed
{
    // Reads a side per line, answers with the milliseconds of one n x n float64 product.
    private const string Script = """
        import sys, time, numpy as np
        g = np.random.default_rng(1)
        print('numpy', np.__version__, flush=True)
        for line in sys.stdin:
            side = int(line)
            a = g.normal(size=(side, side)); b = g.normal(size=(side, side))
            s = time.perf_counter()
            c = a @ b
            print((time.perf_counter() - s) * 1000, flush=True)
        """;

    public static unsafe int Run(string[] args)
    {
        int repeats = args.Contains("--repeats") ? int.Parse(args[Array.IndexOf(args, "--repeats") + 1], CultureInfo.InvariantCulture) : 3;
        int[] sides = args.Contains("--sides")
            ? args[Array.IndexOf(args, "--sides") + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [2048];
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        using var numpy = Process.Start(info)!;
        string version = numpy.StandardOutput.ReadLine()!;
        Console.WriteLine($"{Environment.ProcessorCount} cores, {repeats} repetitions (medians), {version}, {MatrixProduct.WidestBits}-bit kernel, "
            + $"OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}");
        Console.WriteLine($"{"side",6} {"1 thread GF/s",14} {"all GF/s",10} {"numpy GF/s",11}");
        foreach (int side in sides)
        {
            var random = new System.Random(1);
            double[] a = Enumerable.Range(0, side * side).Select(_ => random.NextDouble() - 0.5).ToArray();
            double[] b = Enumerable.Range(0, side * side).Select(_ => random.NextDouble() - 0.5).ToArray();
            double[] c = new double[side * side];
            double flops = 2.0 * side * side * side;
            double Ours(int threads)
            {
                Parallelism.MaxDegreeOfParallelism = threads;
                var clock = Stopwatch.StartNew();
                fixed (double* pa = a, pb = b, pc = c)
                {
                    MatrixProduct.AddProduct(Strided.RowMajor(pc, side), Strided.RowMajor(pa, side), Strided.RowMajor(pb, side), side, side, side);
                }

                Parallelism.MaxDegreeOfParallelism = -1;
                return flops / clock.Elapsed.TotalSeconds / 1e9;
            }

            double Peer()
            {
                numpy.StandardInput.WriteLine(side.ToString(CultureInfo.InvariantCulture));
                numpy.StandardInput.Flush();
                return flops / double.Parse(numpy.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture) / 1e6;
            }

            Ours(1);
            Ours(-1);
            Peer();
            var one = new List<double>();
            var all = new List<double>();
            var peer = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                one.Add(Ours(1));
                all.Add(Ours(-1));
                peer.Add(Peer());
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{side,6} {Median(one),14:0.0} {Median(all),10:0.0} {Median(peer),11:0.0}"));
        }

        numpy.StandardInput.Close();
        numpy.WaitForExit();
        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
