<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>InfoPanel</name>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Câmera</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Local</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Classificação</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descrição</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Pasta</translation>
    </message>
    <message>
        <source>%1 × %2 pixels (%3 MP)</source>
        <translation>%1 × %2 pixels (%3 MP)</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>N</source>
        <comment>compass: north</comment>
        <translation>N</translation>
    </message>
    <message>
        <source>S</source>
        <comment>compass: south</comment>
        <translation>S</translation>
    </message>
    <message>
        <source>E</source>
        <comment>compass: east</comment>
        <translation>L</translation>
    </message>
    <message>
        <source>W</source>
        <comment>compass: west</comment>
        <translation>O</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejeitada</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>too large to show (%1×%2 pixels)</source>
        <translation>grande demais para mostrar (%1×%2 pixels)</translation>
    </message>
    <message>
        <source>the file is gone (moved or deleted)</source>
        <translation>o arquivo sumiu (movido ou apagado)</translation>
    </message>
    <message>
        <source>photorec may not read this file</source>
        <translation>o photorec não tem permissão para ler este arquivo</translation>
    </message>
    <message>
        <source>not an image, or damaged (%1)</source>
        <translation>não é uma imagem, ou está danificada (%1)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Voltar</translation>
    </message>
    <message>
        <source>Back to the photos (Esc)</source>
        <translation>Voltar às fotos (Esc)</translation>
    </message>
    <message>
        <source>Previous photo (Left)</source>
        <translation>Foto anterior (Esquerda)</translation>
    </message>
    <message>
        <source>Next photo (Right)</source>
        <translation>Próxima foto (Direita)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <source>Fit the photo to the window (F)</source>
        <translation>Ajustar a foto à janela (F)</translation>
    </message>
    <message>
        <source>Actual size (0)</source>
        <translation>Tamanho real (0)</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>Diminuir o zoom (-)</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>Aumentar o zoom (+)</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Show or hide the information (I)</source>
        <translation>Mostrar ou ocultar as informações (I)</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>Nenhuma foto</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <source>Cannot show %1: %2</source>
        <translation>Não foi possível mostrar %1: %2</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search: tags, places, dates, things (dog, praia, 2019)…</source>
        <translation>Buscar: etiquetas, lugares, datas, coisas (cachorro, praia, 2019)…</translation>
    </message>
    <message>
        <source>Words in English or Portuguese: tags and keywords, titles and descriptions, folder and file names, dates (2019, june 2019, junho 2019) and what photorec recognises in the photos (dog, boat, flor).</source>
        <translation>Palavras em português ou inglês: etiquetas e palavras-chave, títulos e descrições, nomes de pastas e arquivos, datas (2019, junho 2019, june 2019) e o que o photorec reconhece nas fotos (cachorro, barco, flor).</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message>
        <source>No photos match</source>
        <translation>Nenhuma foto encontrada</translation>
    </message>
    <message>
        <source>1 photo</source>
        <translation>1 foto</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 fotos</translation>
    </message>
    <message>
        <source>Search failed</source>
        <translation>A busca falhou</translation>
    </message>
</context>
</TS>
