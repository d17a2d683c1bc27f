using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace TfInit.Cli.CommandLine;

/// <summary>
/// <c>tfinit --version</c>: the tool's own informational version (System.CommandLine's default reads the entry
/// assembly, which is the test host when the command runs in process).
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public static string Version { get; } =
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return 0;
    }
}
