var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAllInOneServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapMailGridApi();

await app.RunAsync();
