using TfInit.IO;

namespace TfInit.Cli.Commands;

/// <summary>
/// An output folder filled all at once. The report is written into a hidden temporary folder beside the destination,
/// created up front so that an unwritable destination fails before any work. <see cref="Commit"/> then swaps it in
/// by rename: an existing report is renamed aside, the new one renamed into place, and the old one deleted, so the
/// destination always holds either the old report or the new one, whole. The destination must be a folder of its
/// own: missing, empty, or a report TfInit wrote (it carries <see cref="Marker"/>); any other folder is refused.
/// </summary>
internal sealed class ReportDirectory : IDisposable
{
    /// <summary>The file that marks a folder as a TfInit report, so that a later run may replace it.</summary>
    public const string Marker = ".tfinit-report";

    private readonly string _temp;
    private readonly string _parent;
    private const string Option = "--out";

    public ReportDirectory(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException($"{Option} '{path}' is empty; give a folder for the report.");
        }

        Path = System.IO.Path.GetFullPath(path).TrimEnd('/');
        string name = System.IO.Path.GetFileName(Path);
        if (Path.Length == 0 || name.Length == 0)
        {
            throw new UsageException($"{Option} '{path}' is the root folder; give a folder of its own for the report.");
        }

        if (File.Exists(Path))
        {
            throw new UsageException($"{Option} '{path}' is a file; give a folder.");
        }

        if (Directory.Exists(Path) && !IsReplaceable(Path))
        {
            throw new UsageException(
                $"{Option} '{path}' is a folder with other content; give a new or empty folder, or one a previous tfinit report wrote.");
        }

        _parent = System.IO.Path.GetDirectoryName(Path) ?? "/";
        TemporaryFiles.RemoveStale(_parent, name);
        _temp = System.IO.Path.Combine(_parent, TemporaryFiles.NameFor(name));
        try
        {
            Directory.CreateDirectory(_temp);
            TemporaryFiles.Register(_temp);
            File.WriteAllText(System.IO.Path.Combine(_temp, Marker), "A report folder written by tfinit; tfinit may replace it.\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{Option} '{path}' cannot be written: {e.Message}");
        }
    }

    public string Path { get; }

    /// <summary>Lets <paramref name="write"/> fill the temporary folder, then swaps it in for <see cref="Path"/>.</summary>
    public void Commit(Action<string> write)
    {
        write(_temp);
        string? old = null;
        if (Directory.Exists(Path))
        {
            old = System.IO.Path.Combine(_parent, TemporaryFiles.NameFor(System.IO.Path.GetFileName(Path)));
            TemporaryFiles.Register(old);
            Directory.Move(Path, old);
        }

        try
        {
            Directory.Move(_temp, Path);
            TemporaryFiles.Unregister(_temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (old is not null)
            {
                Directory.Move(old, Path);   // the old report stays whole
                TemporaryFiles.Unregister(old);
            }

            throw new IOException($"{Option} '{Path}': the new report could not be moved into place ({e.Message}); the previous one was kept.", e);
        }

        if (old is not null)
        {
            Directory.Delete(old, recursive: true);
            TemporaryFiles.Unregister(old);
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_temp))
            {
                Directory.Delete(_temp, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary's name lets the next run remove it.
        }

        TemporaryFiles.Unregister(_temp);
    }

    /// <summary>An empty folder, or a report: it carries the marker, or (reports from before the marker) only index files and PNGs.</summary>
    private static bool IsReplaceable(string folder)
    {
        var entries = Directory.GetFileSystemEntries(folder).Select(System.IO.Path.GetFileName).ToList();
        return entries.Count == 0 || entries.Contains(Marker) || (entries.Contains("index.md") && entries.All(e =>
            e is "index.md" or "index.html" || e!.EndsWith(".png", StringComparison.Ordinal)));
    }
}
