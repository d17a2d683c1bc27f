using System.Text.Json;
using TfInit.NumPy;
using TfInit.Tests.Support;

namespace TfInit.Tests.Upstream;

/// <summary>
/// The reference libraries run live: scipy (Debian's python3-scipy) for Kolmogorov-Smirnov tests and PyTorch 1.13
/// (python3-torch) for deterministic results. Arrays travel as .npy files in a temporary directory.
/// </summary>
internal static class Oracle
{
    /// <summary>
    /// The p-value of scipy's <c>stats.kstest(samples, distribution, args)</c>, as PyTorch's <c>_is_normal</c>,
    /// <c>_is_uniform</c> and <c>_is_trunc_normal</c> compute it.
    /// </summary>
    public static double KsPValue(ReadOnlySpan<double> samples, string distribution, params double[] args)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tfinit-ks-{Guid.NewGuid():N}.npy");
        try
        {
            NpyFile.Write(path, samples, [samples.Length]);
            const string script = """
                import json, sys
                import numpy as np
                from scipy import stats
                x = np.load(sys.argv[1])
                print(json.dumps(stats.kstest(x.tolist(), sys.argv[2], args=tuple(json.loads(sys.argv[3])))[1]))
                """;
            return JsonDocument.Parse(PythonRunner.Run(script, path, distribution, JsonSerializer.Serialize(args))).RootElement.GetDouble();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The p-value of scipy's chi-square goodness-of-fit test of bfloat16 <paramref name="samples"/> against
    /// <paramref name="distribution"/>(<paramref name="args"/>) as rounded to nearest bfloat16: every bfloat16 value in
    /// [<paramref name="low"/>, <paramref name="high"/>] is a bin whose probability is the distribution's mass between
    /// the midpoints to its neighbours (round to nearest), bins expecting fewer than 5 samples are pooled. A KS test
    /// against the continuous distribution rejects any sample with bfloat16's 8-bit steps once it is large enough, so
    /// it cannot judge a bfloat16 fill.
    /// </summary>
    public static double BFloat16ChiSquarePValue(ReadOnlySpan<double> samples, double low, double high, string distribution, params double[] args)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tfinit-chi2-{Guid.NewGuid():N}.npy");
        try
        {
            NpyFile.Write(path, samples, [samples.Length]);
            const string script = """
                import json, sys
                import numpy as np
                from scipy import stats
                x = np.load(sys.argv[1])
                low, high = float(sys.argv[2]), float(sys.argv[3])
                dist = getattr(stats, sys.argv[4])(*json.loads(sys.argv[5]))
                bits = np.arange(0, 1 << 16, dtype=np.uint32) << 16
                grid = np.unique(bits.view(np.float32).astype(np.float64))
                grid = grid[np.isfinite(grid) & (grid >= low) & (grid <= high)]
                edges = np.concatenate(([low], (grid[:-1] + grid[1:]) / 2, [high]))
                expected = len(x) * np.diff(dist.cdf(edges)) / (dist.cdf(high) - dist.cdf(low))
                observed = np.array([np.count_nonzero(x == g) for g in grid], dtype=np.float64)
                assert observed.sum() == len(x), "samples off the bfloat16 grid or outside [low, high]"
                pooled_o, pooled_e, o, e = [], [], 0.0, 0.0
                for oi, ei in zip(observed, expected):
                    o += oi; e += ei
                    if e >= 5:
                        pooled_o.append(o); pooled_e.append(e); o = e = 0.0
                pooled_o[-1] += o; pooled_e[-1] += e
                print(json.dumps(stats.chisquare(pooled_o, pooled_e)[1]))
                """;
            return JsonDocument.Parse(PythonRunner.Run(script, path, low.ToString("R"), high.ToString("R"), distribution, JsonSerializer.Serialize(args))).RootElement.GetDouble();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs <paramref name="script"/> with torch imported and returns its JSON output.</summary>
    public static JsonElement Torch(string script, params string[] args) =>
        JsonDocument.Parse(PythonRunner.Run("import json, math, sys, warnings\nimport torch\nimport torch.nn.init as init\nimport torch.nn.functional as F\n" + script, args)).RootElement.Clone();

    /// <summary>Writes <paramref name="values"/> of <paramref name="shape"/> to a temporary .npy file; the caller deletes it.</summary>
    public static string TempNpy(double[] values, int[] shape)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tfinit-oracle-{Guid.NewGuid():N}.npy");
        NpyFile.Write(path, values, shape);
        return path;
    }
}
