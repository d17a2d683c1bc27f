using System.Globalization;
using TfInit.Experiments.Speed;
using TfInit.Initializers;
using TorchSharp;

namespace TfInit.Benchmarks;

/// <summary>
/// Issue 6's side-by-side comparison: <see cref="FillComparison"/> (the cases of <c>tfinit bench</c>: torch 1.13 and
/// numpy in a python3 process) on [4096, 4096], plus the same torch calls through TorchSharp's libtorch in this
/// process, which only the bench has (the command loads no libtorch).
/// </summary>
internal static class FillSpeed
{
    private const int Side = 4096;

    public static int Run(string[] args)
    {
        int repeats = Option(args, "--repeats", 7);
        var cases = new FillComparison(Side, Side, repeats).Run(Console.WriteLine, Console.WriteLine);
        cases.AddRange(TorchSharpCases(repeats));
        Console.WriteLine();
        Console.Write(FillComparison.Table(cases));
        Console.WriteLine(FillComparison.Json(cases));
        return 0;
    }

    private static List<FillCase> TorchSharpCases(int repeats)
    {
        int torchThreads = torch.get_num_threads();
        var cases = new List<FillCase>();
        foreach (var (threads, count) in new[] { ("all threads", -1), ("1 thread", 1) })
        {
            Parallelism.MaxDegreeOfParallelism = count;
            torch.set_num_threads(count > 0 ? count : torchThreads);
            cases.AddRange(TorchSharpCases(repeats, threads));
        }

        Parallelism.MaxDegreeOfParallelism = -1;
        torch.set_num_threads(torchThreads);
        return cases;
    }

    private static List<FillCase> TorchSharpCases(int repeats, string threads)
    {
        var values = new float[Side * Side];
        int[] dims = [Side, Side];
        using var target = torch.empty(Side, Side, dtype: torch.ScalarType.Float32);
        FillCase Compare(string name, Initializer init, string peer, Action peerAction)
        {
            var (ours, theirs) = FillComparison.Alternate(repeats, () => FillComparison.Timed(() => init.Fill(values, dims)), () => FillComparison.Timed(peerAction));
            return new($"{name} ({threads})", $"[{Side}, {Side}]", "float32", ours, $"TorchSharp {peer}", theirs);
        }

        return
        [
            Compare("HeNormal", new HeNormal(seed: 1), "torch.randn", () =>
            {
                using var t = torch.randn(Side, Side, dtype: torch.ScalarType.Float32);
            }),
            Compare("GlorotUniform", new GlorotUniform(seed: 1), "torch.rand", () =>
            {
                using var t = torch.rand(Side, Side, dtype: torch.ScalarType.Float32);
            }),
            Compare("RandomNormal", new RandomNormal(seed: 1), "Tensor.normal_", () => target.normal_(0, 0.05)),
            Compare("TruncatedNormal", new TruncatedNormal(seed: 1), "nn.init.trunc_normal_", () => torch.nn.init.trunc_normal_(target, 0, 0.05, -0.1, 0.1)),
        ];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
