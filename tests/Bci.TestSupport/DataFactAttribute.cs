using Xunit;

namespace Bci.TestSupport;

/// <summary>
/// A fact that needs files from ../shared/data: skipped with the reason printed when they are absent, except
/// under CI=true, where it runs and fails on the missing file.
/// </summary>
public sealed class DataFactAttribute : FactAttribute
{
    public DataFactAttribute(params string[] relativePaths)
    {
        var reason = TestData.SkipReason(relativePaths);
        if (reason is not null) Skip = reason;
    }
}
