using System.Text.Json;
using TfInit.Initializers;
using TfInit.Random;
using TfInit.Serialization;

namespace TfInit.InitializerBenchmarks;

/// <summary>One initializer on one shape; the name is what BenchmarkDotNet prints in its Case column.</summary>
public sealed class FillCase
{
    private readonly Func<string, Initializer> _create;

    private FillCase(string name, string shapeName, int[] shape, Func<string, Initializer> create, bool numPyStream = false)
    {
        Name = name;
        ShapeName = shapeName;
        Shape = shape;
        _create = create;
        NumPyStream = numPyStream;
    }

    /// <summary>The initializer's class name.</summary>
    public string Name { get; }

    /// <summary>"dense" or "conv".</summary>
    public string ShapeName { get; }

    /// <summary>The tensor shape in the Keras layout.</summary>
    public int[] Shape { get; }

    /// <summary>Whether the case draws from the sequential NumPy stream instead of the default Philox one.</summary>
    public bool NumPyStream { get; }

    /// <summary>
    /// Every class of the registry on Dense [4096, 4096] and conv [3, 3, 256, 256], where its rank rules allow the shape,
    /// plus the NumPy-stream recipe of the tutorial (He normal, randn * sqrt(2 / n)) on both.
    /// </summary>
    public static IEnumerable<FillCase> All(string pretrainedFolder)
    {
        var shapes = new (string Name, int[] Shape)[] { ("dense", [4096, 4096]), ("conv", [3, 3, 256, 256]) };
        foreach (string name in InitializerRegistry.ClassNames)
        {
            foreach (var (shapeName, shape) in shapes)
            {
                var fillCase = new FillCase(name, shapeName, shape, folder => Create(name, shape, folder));
                if (fillCase.Accepts(pretrainedFolder))
                {
                    yield return fillCase;
                }
            }
        }

        foreach (var (shapeName, shape) in shapes)
        {
            yield return new FillCase("RandomNormal (He std) on the NumPy stream", shapeName, shape,
                _ => new RandomNormal(0.0, Math.Sqrt(2.0 / (shape.Length == 2 ? shape[0] : shape[0] * shape[1] * shape[2])), seed: 1), numPyStream: true);
        }
    }

    /// <summary>Makes the initializer; a Pretrained case reads a file of the right shape from <paramref name="folder"/>.</summary>
    public Initializer Create(string folder) => _create(folder);

    /// <summary>The stream to pass to Fill: a fresh NumPy state, or null for the initializer's own Philox stream.</summary>
    public RandomStream? Stream() => NumPyStream ? new NumPyRandomState(1) : null;

    /// <inheritdoc />
    public override string ToString() => $"{Name} {ShapeName}";

    /// <summary>The file a Pretrained case loads: float32 values of the shape, written once per folder.</summary>
    public static string PretrainedPath(string folder, int[] shape) => Path.Combine(folder, $"pretrained-{string.Join('x', shape)}.npy");

    private static Initializer Create(string name, int[] shape, string folder)
    {
        if (name == "Pretrained")
        {
            return new Pretrained(PretrainedPath(folder, shape));
        }

        var config = new Dictionary<string, object>();
        if (name == "Sparse")
        {
            config["sparsity"] = 0.1;
        }

        // Only the random initializers take a seed; the others keep their defaults.
        var unseeded = InitializerRegistry.Create(name, JsonSerializer.SerializeToElement(config));
        if (unseeded is not RandomInitializer)
        {
            return unseeded;
        }

        config["seed"] = 1;
        return InitializerRegistry.Create(name, JsonSerializer.SerializeToElement(config));
    }

    /// <summary>Whether the initializer takes a tensor of this rank (Identity, Eye and Sparse are 2-D; Dirac and DeltaOrthogonal 3-D to 5-D).</summary>
    private bool Accepts(string folder)
    {
        if (Name == "Pretrained")
        {
            return true;
        }

        int[] small = Shape.Length == 2 ? [4, 4] : [3, 3, 4, 4];
        try
        {
            Create(folder).Generate(small);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
