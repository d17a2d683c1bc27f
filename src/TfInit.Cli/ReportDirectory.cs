namespace TfInit.Cli;

/// <summary>
/// An output folder filled all at once: the report is written into a hidden temporary folder beside the
/// destination, created up front so an unwritable destination fails before any work, and its files are moved
/// into place only when every one of them was written. On failure or without a commit nothing is left behind.
/// </summary>
internal sealed class ReportDirectory : IDisposable
{
    private readonly string _temp;

    public ReportDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (File.Exists(Path))
        {
            throw new UsageException($"--out '{path}' is a file; give a folder.");
        }

        string parent = System.IO.Path.GetDirectoryName(Path.TrimEnd('/')) ?? Path;
        _temp = System.IO.Path.Combine(parent, $".{System.IO.Path.GetFileName(Path.TrimEnd('/'))}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(_temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out '{path}' cannot be written: {e.Message}");
        }
    }

    public string Path { get; }

    /// <summary>Lets <paramref name="write"/> fill the temporary folder, then moves its files into <see cref="Path"/>.</summary>
    public void Commit(Action<string> write)
    {
        write(_temp);
        Directory.CreateDirectory(Path);
        foreach (string file in Directory.GetFiles(_temp))
        {
            File.Move(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)), overwrite: true);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
