using TfInit.Checkpoints;
using TfInit.Keras.Layers;
using TfInit.NumPy;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.Keras.Models;

/// <summary>
/// A model's weights as Keras names them (<c>layer/weight</c>, e.g. <c>dense/kernel</c>), copied to and from NumPy
/// arrays and <c>.npz</c> archives. Every operation checks all keys and shapes before it changes any weight, so a
/// failed call leaves the model as it was.
/// </summary>
/// <param name="layers">The model's layers, in order.</param>
internal sealed class ModelWeights(IReadOnlyList<Layer> layers)
{
    private IEnumerable<(string Key, Layers.Variable Variable)> Variables() =>
        layers.SelectMany(l => l.Weights.Select(w => ($"{l.Name}/{w.Name}", w)));

    /// <summary>Copies of every weight, trainable or not, in layer order.</summary>
    /// <returns>The arrays.</returns>
    public IReadOnlyList<NpyArray> Get() =>
        Variables().Select(v => ToArray(v.Variable.Value)).ToList();

    /// <summary>Replaces every weight, in the order <see cref="Get"/> gives.</summary>
    /// <param name="weights">One array per weight, each of the weight's shape.</param>
    /// <exception cref="ArgumentException">A different count or a shape mismatch (named).</exception>
    public void Set(IReadOnlyList<NpyArray> weights)
    {
        var variables = Variables().ToList();
        if (weights.Count != variables.Count)
        {
            throw new ArgumentException($"The model has {variables.Count} weights but {weights.Count} were given.", nameof(weights));
        }

        for (int i = 0; i < variables.Count; i++)
        {
            CheckShape(variables[i].Key, variables[i].Variable.Value, weights[i], nameof(weights));
        }

        for (int i = 0; i < variables.Count; i++)
        {
            Assign(variables[i].Variable.Value, weights[i]);
        }
    }

    /// <summary>Writes every weight to a <c>.npz</c> archive (temporary file, then rename).</summary>
    /// <param name="path">The archive to write.</param>
    public void Save(string path) =>
        NpzFile.Write(path, Variables().Select(v => KeyValuePair.Create(v.Key, ToArray(v.Variable.Value))));

    /// <summary>Loads every weight from an archive holding each key with the weight's shape.</summary>
    /// <param name="path">The archive.</param>
    /// <exception cref="ArgumentException">A missing key or a shape mismatch (named).</exception>
    public void Load(string path)
    {
        var arrays = NpzFile.ReadAll(path);
        var pairs = new List<(Parameter Target, NpyArray Source)>();
        foreach (var (key, variable) in Variables())
        {
            if (!arrays.TryGetValue(key, out var array))
            {
                throw new ArgumentException($"'{path}' has no weight '{key}'; it holds: {string.Join(", ", arrays.Keys)}.", nameof(path));
            }

            CheckShape(key, variable.Value, array, nameof(path));
            pairs.Add((variable.Value, array));
        }

        foreach (var (target, source) in pairs)
        {
            Assign(target, source);
        }
    }

    /// <summary>Loads the weights whose key and shape match, reporting the rest; strict mode refuses any difference.</summary>
    /// <param name="path">The archive.</param>
    /// <param name="strict">Whether any difference is an error.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">Strict mode and the archive does not match the model.</exception>
    public CheckpointReport LoadPretrained(string path, bool strict)
    {
        var arrays = NpzFile.ReadAll(path);
        var loaded = new List<string>();
        var missing = new List<string>();
        var mismatched = new List<ShapeMismatch>();
        var kept = new List<string>();
        var pairs = new List<(Parameter Target, NpyArray Source)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, variable) in Variables())
        {
            keys.Add(key);
            var shape = variable.Value.shape;
            if (!arrays.TryGetValue(key, out var array))
            {
                missing.Add(key);
            }
            else if (!array.Shape.Select(d => (long)d).SequenceEqual(shape))
            {
                mismatched.Add(new ShapeMismatch(key, shape, array.Shape.Select(d => (long)d).ToArray()));
            }
            else
            {
                loaded.Add(key);
                pairs.Add((variable.Value, array));
                continue;
            }

            kept.Add(key);
        }

        var report = new CheckpointReport(loaded, missing, arrays.Keys.Where(k => !keys.Contains(k)).ToList(), mismatched, kept);
        if (strict && !report.IsExact)
        {
            throw new ArgumentException($"'{path}' does not match the model: {report.Differences()} (use strict: false to load what matches).", nameof(path));
        }

        foreach (var (target, source) in pairs)
        {
            Assign(target, source);
        }

        return report with { Initialized = strict ? [] : kept };
    }

    private static NpyArray ToArray(Parameter value)
    {
        int[] shape = value.shape.Select(d => (int)d).ToArray();
        return value.dtype == ScalarType.Float64
            ? NpyArray.FromDoubles(value.data<double>().ToArray(), shape)
            : NpyArray.FromSingles(value.data<float>().ToArray(), shape);
    }

    private static void CheckShape(string key, Parameter target, NpyArray source, string paramName)
    {
        if (!source.Shape.SequenceEqual(target.shape.Select(d => (int)d)))
        {
            throw new ArgumentException(
                $"Weight '{key}' has shape ({string.Join(", ", target.shape)}) but the given array has ({string.Join(", ", source.Shape)}).", paramName);
        }
    }

    private static void Assign(Parameter target, NpyArray source)
    {
        using var noGrad = torch.no_grad();
        using var values = torch.tensor(source.ToArray(), target.shape, ScalarType.Float64);
        target.copy_(values);
    }
}
