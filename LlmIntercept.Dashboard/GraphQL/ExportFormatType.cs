using GraphQL.Types;
using LlmIntercept.Plugins;

namespace LlmIntercept.Dashboard.GraphQL;

internal sealed class ExportFormatType : ObjectGraphType<IDatasetExporter>
{
    public ExportFormatType()
    {
        Name = "ExportFormat";
        Field(x => x.Format);
        Field(x => x.DisplayName);
        Field(x => x.FileExtension);
    }
}
