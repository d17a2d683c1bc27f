namespace TfInit.Tests.Support;

/// <summary>Compares two GetConfig() results: same keys in the same order, values equal (doubles bit for bit).</summary>
internal static class ConfigAssert
{
    public static void Equal(IReadOnlyDictionary<string, object?> expected, IReadOnlyDictionary<string, object?> actual, string label)
    {
        Assert.True(expected.Keys.SequenceEqual(actual.Keys),
            $"{label}: keys [{string.Join(", ", expected.Keys)}] != [{string.Join(", ", actual.Keys)}]");
        foreach (var (key, want) in expected)
        {
            object? got = actual[key];
            switch (want)
            {
                case null:
                    Assert.True(got is null, $"{label}: '{key}' is {got}, expected null");
                    break;
                case double d:
                    Assert.True(got is double g && BitConverter.DoubleToInt64Bits(g) == BitConverter.DoubleToInt64Bits(d),
                        $"{label}: '{key}' is {got} ({got?.GetType().Name}), expected {d:R}");
                    break;
                case int[] list:
                    Assert.True(got is int[] other && other.SequenceEqual(list),
                        $"{label}: '{key}' is [{(got is int[] o ? string.Join(", ", o) : got)}], expected [{string.Join(", ", list)}]");
                    break;
                default:
                    Assert.True(want.GetType() == got?.GetType() && want.Equals(got),
                        $"{label}: '{key}' is {got} ({got?.GetType().Name}), expected {want} ({want.GetType().Name})");
                    break;
            }
        }
    }
}
