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
