using TfInit.Keras.Studies;

namespace TfInit.Cli.Reports;

/// <summary>Writes the study report (placeholder until the ScottPlot report lands).</summary>
internal static class StudyReport
{
    public static void Write(string directory, IReadOnlyList<StudyResult> results) =>
        throw new NotImplementedException("The study report is not written yet.");
}
