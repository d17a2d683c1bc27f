using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using TfInit.NumPy;
using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// The tutorial's pretrained initialization: values taken from a trained model saved with numpy, a
/// <c>.npy</c> file or one array (<c>key</c>) of a <c>.npz</c> file. The stored shape must equal the
/// requested shape (checked from the header, before any data is read); any numeric dtype is converted, a block at a
/// time, so filling costs the destination plus a fixed buffer whatever the file's size (a Fortran-order array of rank
/// 2 or more needs one more copy of the destination to reorder). Only regular files are opened. Values that are not
/// finite in the destination's type (NaN or Inf in the file, or beyond float32's or float16's range) are refused,
/// naming how many there are and the first index, unless <c>allow_non_finite</c> is true.
/// </summary>
public sealed class Pretrained : Initializer, IRegisteredInitializer<Pretrained>
{
    private const string DefaultKey = "";

    /// <summary>The values of one read, converted and copied into the destination at a time.</summary>
    private const int BlockValues = 1 << 13;

    /// <summary>Creates the initializer; the file is read when a tensor is filled.</summary>
    /// <param name="path">A .npy file, or a .npz file with <paramref name="key"/>.</param>
    /// <param name="key">The array's name inside a .npz file (as given to <c>np.savez</c>); empty for a .npy file.</param>
    /// <param name="allowNonFinite">
    /// Write NaN and Inf from the file as they are (config key <c>allow_non_finite</c>); by default a fill that would
    /// write one is refused.
    /// </param>
    /// <exception cref="ArgumentException">An empty path, or a .npz path without a key.</exception>
    public Pretrained(string path, string key = DefaultKey, bool allowNonFinite = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(key);
        if (IsNpz(path) && key.Length == 0)
        {
            throw new ArgumentException($"'{path}' is a .npz archive: give the key of the array to load.", nameof(key));
        }

        Path = path;
        Key = key;
        AllowNonFinite = allowNonFinite;
    }

    /// <summary>The file the values come from.</summary>
    public string Path { get; }

    /// <summary>The array's name in a .npz file; empty for a .npy file.</summary>
    public string Key { get; }

    /// <summary>Whether NaN and Inf from the file are written as they are (config key <c>allow_non_finite</c>) instead of refused.</summary>
    public bool AllowNonFinite { get; }

    /// <inheritdoc />
    public static string Formula => "the array stored in a .npy file or under key in a .npz file; shape must match";

    /// <inheritdoc />
    public static int ListOrder => 250;

    /// <inheritdoc />
    public static Pretrained FromConfig(ConfigReader config) =>
        new(config.RequiredString("path", example: "weights.npy"), config.String("key", DefaultKey), config.Bool("allow_non_finite", false));

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <inheritdoc />
    protected internal override bool ValuesBoundedByParameters => false;

    /// <inheritdoc />
    protected internal override bool AllowsNonFiniteValues => AllowNonFinite;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?> { ["path"] = Path, ["key"] = Key, ["allow_non_finite"] = AllowNonFinite };

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The file is missing, not regular or not a valid .npy/.npz, the key is absent, or the stored shape differs from <paramref name="shape"/>.</exception>
    protected override void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream) => ReadSource(destination, shape);

    /// <inheritdoc />
    protected override void FillCore(Span<float> destination, ReadOnlySpan<int> shape, RandomStream? stream) => ReadSource(destination, shape);

    /// <inheritdoc />
    protected override void FillCore(Span<Half> destination, ReadOnlySpan<int> shape, RandomStream? stream) => ReadSource(destination, shape);

    /// <summary>Reads the stored array into <paramref name="destination"/>, rounding each value once to <typeparamref name="T"/>.</summary>
    private void ReadSource<T>(Span<T> destination, ReadOnlySpan<int> shape)
        where T : unmanaged
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

        try
        {
            using ZipArchive? archive = IsNpz(Path) ? NpzFile.Open(Path) : null;
            using Stream data = OpenData(archive, out string source, out long? length);

            // The header first: a shape that differs is refused before the data is decoded (a small .npz may inflate to gigabytes).
            var reader = new NpyDataReader(data, source, length);
            CheckShape(reader.Header.Shape, shape);
            bool fortran = reader.Header.FortranOrder && shape.Length > 1;
            T[]? fileOrder = fortran ? new T[destination.Length] : null;
            Span<T> target = fileOrder ?? destination;
            if (typeof(T) == typeof(double))
            {
                var doubles = MemoryMarshal.Cast<T, double>(target);
                for (int done = 0; reader.Remaining > 0;)
                {
                    done += reader.Read(doubles[done..]);
                }
            }
            else
            {
                double[] block = ArrayPool<double>.Shared.Rent(BlockValues);
                try
                {
                    for (int done = 0; reader.Remaining > 0;)
                    {
                        int n = reader.Read(block.AsSpan(0, BlockValues));
                        Round<T>(block.AsSpan(0, n), target.Slice(done, n));
                        done += n;
                    }
                }
                finally
                {
                    ArrayPool<double>.Shared.Return(block);
                }
            }

            if (fileOrder is not null)
            {
                NpyDataReader.FortranToC<T>(fileOrder, destination, shape);
            }
        }
        catch (InvalidDataException e)
        {
            string message = e.Message.Contains(Path, StringComparison.Ordinal) ? e.Message : $"'{Path}': {e.Message}";
            throw new ArgumentException($"The pretrained weights file cannot be read: {message}", "path", e);
        }
    }

    /// <summary>The .npy content: the file itself, or the .npz entry (whose uncompressed length the zip directory gives).</summary>
    private Stream OpenData(ZipArchive? archive, out string source, out long? length)
    {
        if (archive is null)
        {
            source = $"File '{Path}'";
            length = null;   // a seekable file: the reader takes its length
            return new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }

        var entry = NpzFile.OpenEntry(archive, Path, Key, out source, out long entryLength);
        length = entryLength;
        return entry;
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

    private static bool IsNpz(string path) => path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase);
}
