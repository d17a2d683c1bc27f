using TfInit.IO;

namespace TfInit.Cli.Tests;

/// <summary>
/// What SIGINT/SIGTERM run: <see cref="TemporaryFiles.DeleteLive"/> deletes every live temporary of the process, so
/// in process it would also delete those of tests running beside it (a report being written): this class runs alone.
/// </summary>
[Collection(nameof(TemporaryFilesTests))]
[CollectionDefinition(nameof(TemporaryFilesTests), DisableParallelization = true)]
public sealed class TemporaryFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tfinit-temp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void InterruptingDeletesLiveTemporaries()
    {
        string temp = Path.Combine(_dir, TemporaryFiles.NameFor("x"));
        Directory.CreateDirectory(temp);
        TemporaryFiles.Register(temp);
        TemporaryFiles.DeleteLive();
        Assert.False(Directory.Exists(temp));
    }
}
