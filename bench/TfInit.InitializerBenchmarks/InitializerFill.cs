using BenchmarkDotNet.Attributes;
using TfInit.Initializers;
using TfInit.NumPy;

namespace TfInit.InitializerBenchmarks;

/// <summary>
/// Fill time of every initializer family on a Dense and a conv kernel, in float32 and float64, with all cores and with
/// one (<see cref="Parallelism.MaxDegreeOfParallelism"/>).
/// </summary>
[Config(typeof(ShortConfig))]
[MemoryDiagnoser]
public class InitializerFill
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "tfinit-bench");

    private float[] _singles = [];
    private double[] _doubles = [];
    private Initializer _initializer = null!;

    /// <summary>The initializer and shape.</summary>
    [ParamsSource(nameof(Cases))]
    public FillCase Case { get; set; } = null!;

    /// <summary>The element type of the tensor.</summary>
    [Params("float32", "float64")]
    public string Dtype { get; set; } = "float32";

    /// <summary>"all" for every core, "1" for the calling thread only.</summary>
    [Params("all", "1")]
    public string Threads { get; set; } = "all";

    /// <summary>The cases, see <see cref="FillCase.All"/>.</summary>
    public static IEnumerable<FillCase> Cases() => FillCase.All(Folder);

    /// <summary>Allocates the tensor and touches every page, so the first iteration does not pay the page faults.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Parallelism.MaxDegreeOfParallelism = Threads == "1" ? 1 : -1;
        int count = Case.Shape.Aggregate(1, (a, b) => a * b);
        if (Dtype == "float32")
        {
            _singles = new float[count];
            _singles.AsSpan().Fill(1f);
        }
        else
        {
            _doubles = new double[count];
            _doubles.AsSpan().Fill(1.0);
        }

        if (Case.Name == "Pretrained")
        {
            Directory.CreateDirectory(Folder);
            NpyFile.Write(FillCase.PretrainedPath(Folder, Case.Shape), new float[count], Case.Shape);
        }

        _initializer = Case.Create(Folder);
    }

    /// <summary>One fill of the whole tensor.</summary>
    [Benchmark]
    public void Fill()
    {
        if (Dtype == "float32")
        {
            _initializer.Fill(_singles, Case.Shape, Case.Stream());
        }
        else
        {
            _initializer.Fill(_doubles, Case.Shape, Case.Stream());
        }
    }
}
