using TfInit.NumPy;
using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// The tutorial's pretrained initialization: values taken from a trained model saved with numpy, a
/// <c>.npy</c> file or one array (<c>key</c>) of a <c>.npz</c> file. The stored shape must equal the
/// requested shape; any numeric dtype is converted.
/// </summary>
public sealed class Pretrained : Initializer, IRegisteredInitializer<Pretrained>
{
    private const string DefaultKey = "";

    /// <summary>Creates the initializer; the file is read when a tensor is filled.</summary>
    /// <param name="path">A .npy file, or a .npz file with <paramref name="key"/>.</param>
    /// <param name="key">The array's name inside a .npz file (as given to <c>np.savez</c>); empty for a .npy file.</param>
    /// <exception cref="ArgumentException">An empty path, or a .npz path without a key.</exception>
    public Pretrained(string path, string key = DefaultKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(key);
        if (IsNpz(path) && key.Length == 0)
        {
            throw new ArgumentException($"'{path}' is a .npz archive: give the key of the array to load.", nameof(key));
        }

        Path = path;
        Key = key;
    }

    /// <summary>The file the values come from.</summary>
    public string Path { get; }

    /// <summary>The array's name in a .npz file; empty for a .npy file.</summary>
    public string Key { get; }

    /// <inheritdoc />
    public static string Formula => "the array stored in a .npy file or under key in a .npz file; shape must match";

    /// <inheritdoc />
    public static int ListOrder => 250;

    /// <inheritdoc />
    public static Pretrained FromConfig(ConfigReader config) =>
        new(config.RequiredString("path", example: "weights.npy"), config.String("key", DefaultKey));

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <inheritdoc />
    protected internal override bool ValuesBoundedByParameters => false;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?> { ["path"] = Path, ["key"] = Key };

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The file is missing or not a valid .npy/.npz, the key is absent, or the stored shape differs from <paramref name="shape"/>.</exception>
    protected override void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream)
    {
        if (!File.Exists(Path))
        {
            throw new ArgumentException($"The pretrained weights file '{Path}' does not exist.", "path");
        }

        if (IO.FileKind.Of(Path) != IO.FileKind.Kind.Regular)
        {
            // A FIFO or device would block or never end: only a regular file has a header and a known length.
            throw new ArgumentException($"The pretrained weights path '{Path}' is not a regular file (a FIFO, device or socket); give a .npy or .npz file.", "path");
        }

        NpyArray array;
        try
        {
            // The header first: a shape that differs is refused before the data is decoded (a small .npz may inflate to gigabytes).
            int[] stored = IsNpz(Path) ? NpzFile.ShapeOf(Path, Key) : ShapeOfNpy(Path);
            CheckShape(stored, shape);
            array = IsNpz(Path) ? NpzFile.Read(Path, Key) : NpyFile.Read(Path);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException($"The pretrained weights file cannot be read: {e.Message}", "path", e);
        }

        array.CopyTo(destination);
    }

    private void CheckShape(int[] stored, ReadOnlySpan<int> shape)
    {
        if (!stored.AsSpan().SequenceEqual(shape))
        {
            string source = Key.Length == 0 ? $"'{Path}'" : $"'{Key}' in '{Path}'";
            throw new ArgumentException(
                $"The pretrained array {source} has shape {Shape.Format(stored)} but shape {Shape.Format(shape)} was requested.",
                nameof(shape));
        }
    }

    private static int[] ShapeOfNpy(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return NpyHeader.Read(stream, $"File '{path}'").Shape;
    }

    private static bool IsNpz(string path) => path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase);
}
