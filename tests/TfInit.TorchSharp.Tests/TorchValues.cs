using TfInit.NumPy;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Tests;

/// <summary>Moves tensors between TorchSharp and the .npy/.npz files the Python oracles read.</summary>
internal static class TorchValues
{
    public static double[] Doubles(Tensor t) => t.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();

    public static int[] Shape(Tensor t) => t.shape.Select(d => (int)d).ToArray();

    /// <summary>The module's state_dict as a plain dictionary (TorchSharp's OrderedDict enumerates only as tuples).</summary>
    public static Dictionary<string, Tensor> State(nn.Module module)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, value) in module.state_dict())
        {
            result[name] = value;
        }

        return result;
    }

    /// <summary>Writes the tensors (as float64) to a temporary .npz and returns its path.</summary>
    public static string WriteNpz(IEnumerable<(string Name, Tensor Value)> tensors)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tfinit-torch-{Guid.NewGuid():N}.npz");
        NpzFile.Write(path, tensors.Select(t => KeyValuePair.Create(t.Name, NpyArray.FromDoubles(Doubles(t.Value), Shape(t.Value)))));
        return path;
    }
}
