namespace LlmIntercept.Store.Tests;

public sealed class PostgresSearchTests
{
    [Theory]
    [InlineData("ÀÁÂÃÄÅ ÇÈÉÊË ÌÍÎÏ ÑÒÓÔÕÖ ÙÚÛÜ Ýÿ", "aaaaaa ceeee iiii nooooo uuuu yy")]
    [InlineData("ĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮ", "aaaccccddeeeeegggghhiiii")]
    [InlineData("ĴĶĹĻĽĿŁŃŅŇŌŎŐŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ", "jklllllnnnooorrrsssstttuuuuuuwyyzzz")]
    [InlineData("a\u0301e\u0300", "ae")]
    [InlineData("Καλημέρα Напиши 東京", "καλημέρα напиши 東京")]
    [InlineData("x\0y", "x y")]
    public void Fold_LowersAndStripsLatinDiacriticsOnly(string text, string expected)
    {
        Assert.Equal(expected, PostgresSearch.Fold(text));
    }

    [Theory]
    [InlineData("it's", "'it''s':*")]
    [InlineData("a\\b c", "'a\\\\b' & 'c':*")]
    [InlineData("Café  crème", "'cafe' & 'creme':*")]
    [InlineData("( ) *", null)]
    public void ToTsQuery_QuotesEveryWord(string search, string? expected)
    {
        Assert.Equal(expected, PostgresSearch.ToTsQuery(search));
    }

    [Fact]
    public void Document_LongerThanTheLimit_IsCutOnACharacter()
    {
        var request = new LlmRequest { Messages = $$"""[{"role":"user","content":"{{new string('ж', 200_000)}}"}]""" };

        var document = PostgresSearch.Document(request);

        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(document), PostgresSearch.MaxDocumentBytes - 64, PostgresSearch.MaxDocumentBytes);
    }
}
