using Xunit;

namespace Bci.TestSupport;

/// <summary>A theory that needs files from ../shared/data; see <see cref="DataFactAttribute"/>.</summary>
public sealed class DataTheoryAttribute : TheoryAttribute
{
    public DataTheoryAttribute(params string[] relativePaths)
    {
        var reason = TestData.SkipReason(relativePaths);
        if (reason is not null) Skip = reason;
    }
}
