using System.IO.Compression;
using TfInit.IO;

namespace TfInit.NumPy;

/// <summary>
/// Reads and writes NumPy <c>.npz</c> archives: zip files holding one <c>.npy</c> file per array, as made by
/// <c>np.savez</c> and <c>np.savez_compressed</c> and read by <c>np.load</c>.
/// </summary>
/// <remarks>
/// <para>
/// Keys are the entry names without the <c>.npy</c> suffix, as numpy's <c>NpzFile.files</c> lists them.
/// Stored and deflated entries are both read. Writing replaces the destination atomically: the archive is
/// written to a temporary file in the same directory, then moved over it.
/// </para>
/// <para>
/// Errors: a corrupt archive or entry throws <see cref="InvalidDataException"/>; a bad argument (including a
/// key the archive lacks) throws <see cref="ArgumentException"/> or a subclass; I/O failures throw the usual
/// <see cref="IOException"/> family.
/// </para>
/// </remarks>
public static class NpzFile
{
    private const string Suffix = ".npy";

    /// <summary>Lists the keys of the archive at <paramref name="path"/>, in archive order.</summary>
    /// <param name="path">The archive.</param>
    /// <returns>The entry names, each without a trailing <c>.npy</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip archive.</exception>
    public static IReadOnlyList<string> Keys(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using ZipArchive archive = Open(path);
        return archive.Entries.Select(e => StripSuffix(e.FullName)).ToArray();
    }

    /// <summary>Reads the array stored under <paramref name="key"/>.</summary>
    /// <param name="path">The archive.</param>
    /// <param name="key">The key, with or without the <c>.npy</c> suffix (<c>"w"</c> and <c>"w.npy"</c> both find entry <c>w.npy</c>).</param>
    /// <returns>The array, values in C order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="key"/> is null or empty, or the archive has no such key (the message lists the keys it has).</exception>
    /// <exception cref="InvalidDataException">The file is not a zip archive, or the entry is not a valid <c>.npy</c> array.</exception>
    public static NpyArray Read(string path, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(key);
        using ZipArchive archive = Open(path);
        ZipArchiveEntry entry = Find(archive, key) ?? throw new ArgumentException(
            $"Key '{key}' is not in npz file '{path}'. Available keys: {FormatKeys(archive)}.", nameof(key));
        return ReadEntry(path, entry);
    }

    /// <summary>
    /// Opens entry <paramref name="key"/> of <paramref name="archive"/> (opened by <see cref="Open"/>) for reading its
    /// <c>.npy</c> content; nothing is decompressed until the stream is read.
    /// </summary>
    /// <param name="archive">The archive.</param>
    /// <param name="path">The archive's path, for messages.</param>
    /// <param name="key">The key, as <see cref="Read(string, string)"/> takes it.</param>
    /// <param name="source">Names the entry in error messages.</param>
    /// <param name="length">The entry's uncompressed length.</param>
    /// <returns>The entry's stream.</returns>
    /// <exception cref="ArgumentException">The archive has no such key (the message lists the keys it has).</exception>
    internal static Stream OpenEntry(ZipArchive archive, string path, string key, out string source, out long length)
    {
        ZipArchiveEntry entry = Find(archive, key) ?? throw new ArgumentException(
            $"Key '{key}' is not in npz file '{path}'. Available keys: {FormatKeys(archive)}.", nameof(key));
        source = $"Entry '{entry.FullName}' of npz file '{path}'";
        length = entry.Length;
        return entry.Open();
    }

    /// <summary>Reads every array in the archive.</summary>
    /// <param name="path">The archive.</param>
    /// <returns>The arrays by key (entry name without <c>.npy</c>), in archive order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip archive, or an entry is not a valid <c>.npy</c> array.</exception>
    public static IReadOnlyDictionary<string, NpyArray> ReadAll(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using ZipArchive archive = Open(path);
        var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach (ZipArchiveEntry entry in archive.Entries)
        {
            result[StripSuffix(entry.FullName)] = ReadEntry(path, entry);
        }

        return result;
    }

    /// <summary>
    /// Writes <paramref name="arrays"/> as an <c>.npz</c> archive, one entry <c>key.npy</c> per array (as
    /// <c>np.savez</c> names them), each in the array's own dtype, replacing any existing file atomically.
    /// </summary>
    /// <param name="path">The destination archive.</param>
    /// <param name="arrays">The arrays by key. Keys must be non-empty and distinct; <c>.npy</c> is appended to each.</param>
    /// <param name="compressed"><see langword="true"/> to deflate entries (like <c>np.savez_compressed</c>); <see langword="false"/> to store them (like <c>np.savez</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or a key is null, empty or repeated.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="arrays"/> or one of its arrays is null.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NpyArray>> arrays, bool compressed = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(arrays);

        // Validate everything before touching the file system.
        var items = arrays.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, array) in items)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException(
                    $"Cannot write npz file '{path}': a key is {(key is null ? "null" : "empty")}; keys must be non-empty strings.",
                    nameof(arrays));
            }

            if (array is null)
            {
                throw new ArgumentNullException(nameof(arrays), $"Cannot write npz file '{path}': the array for key '{key}' is null.");
            }

            if (!seen.Add(key))
            {
                throw new ArgumentException(
                    $"Cannot write npz file '{path}': key '{key}' appears more than once; keys must be distinct.",
                    nameof(arrays));
            }
        }

        CompressionLevel level = compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
        using (var writer = new AtomicFileWriter(path))
        {
            using (var archive = new ZipArchive(writer.Stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (key, array) in items)
                {
                    ZipArchiveEntry entry = archive.CreateEntry(key + Suffix, level);
                    using Stream entryStream = entry.Open();
                    NpyFile.Write(entryStream, array);
                }
            }

            writer.Commit();
        }
    }

    /// <summary>Opens the archive at <paramref name="path"/>; a file that is not a zip archive is an <see cref="InvalidDataException"/> saying so.</summary>
    internal static ZipArchive Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new InvalidDataException(
                $"File '{path}' is not a valid npz (zip) archive: {e.Message} An .npz file is a zip archive of .npy files, "
                + "as written by np.savez or np.savez_compressed; read single .npy files with NpyFile.",
                e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static ZipArchiveEntry? Find(ZipArchive archive, string key)
    {
        // As numpy's NpzFile.__getitem__: the exact entry name first, then key + ".npy".
        return archive.GetEntry(key) ?? archive.GetEntry(key + Suffix);
    }

    private static NpyArray ReadEntry(string path, ZipArchiveEntry entry)
    {
        string source = $"Entry '{entry.FullName}' of npz file '{path}'";
        try
        {
            using Stream stream = entry.Open();
            return NpyFile.Read(stream, source, entry.Length);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            // Zip-level corruption (bad deflate data, CRC mismatch): add which file and entry.
            throw new InvalidDataException($"{source} is corrupt: {e.Message}", e);
        }
    }

    private static string StripSuffix(string name) =>
        name.EndsWith(Suffix, StringComparison.Ordinal) ? name[..^Suffix.Length] : name;

    private static string FormatKeys(ZipArchive archive)
    {
        var keys = archive.Entries.Select(e => $"'{StripSuffix(e.FullName)}'").ToList();
        return keys.Count == 0 ? "none (the archive is empty)" : string.Join(", ", keys);
    }
}
